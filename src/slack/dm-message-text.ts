import { SLASH_COMMAND } from '../core/commands/usage-line.js';

const PREFIX = new RegExp(`^${SLASH_COMMAND.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:\\s+|$)`, 'i');

/**
 * A message typed in the app's DM, as the command it stands for: people type what they would after
 * `/tikv`, and often the `/tikv` too (Slack does not run slash commands pasted into a message).
 */
export function dmMessageText(text: string): string {
  return text.trim().replace(PREFIX, '');
}
