import { SLASH_COMMAND } from '../core/commands/usage-line.js';

const PREFIX = new RegExp(`^${SLASH_COMMAND.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:\\s+|$)`, 'i');

/** People paste from Slack: `/tikv transfer-leader 42 4` means `transfer-leader 42 4` here. */
export function stripSlashCommand(text: string): string {
  return text.trim().replace(PREFIX, '');
}
