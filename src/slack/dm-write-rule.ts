import type { ActionDefinition, ActionParams } from '../core/actions/action-definition.js';
import { describeRequest } from '../core/commands/describe-request.js';
import { SLASH_COMMAND } from '../core/commands/usage-line.js';
import { section } from './message-blocks.js';
import { inlineCode } from './mrkdwn.js';
import type { SlackMessage } from './slack-message.js';

/**
 * Slack's direct-message conversations have ids starting with D: the app's own DM, and a DM between
 * people where `/tikv` was typed. Nobody else sees what happens there.
 */
export function isDirectMessage(channelId: string | undefined): boolean {
  return channelId?.startsWith('D') ?? false;
}

/**
 * Whether this request must be refused because it would change the cluster from a DM. The channel
 * history is the audit trail and the team must see changes as they happen, so writes run in a
 * channel; reads and dry runs (which change nothing) are answered in the DM.
 */
export function refusesWriteInDm(
  channelId: string | undefined,
  action: Pick<ActionDefinition, 'mutating'>,
  dryRun: boolean,
): boolean {
  return isDirectMessage(channelId) && action.mutating && !dryRun;
}

/** The refusal, with the exact command to type in a channel instead. */
export function renderDmWriteRefusal(action: ActionDefinition, params: ActionParams): SlackMessage {
  const typed = `${SLASH_COMMAND} ${describeRequest(action, params)}`.trim();
  const text = `:no_entry: Not run: ${inlineCode(action.name)} changes the cluster, and changes run in a channel so the team sees them. Type ${inlineCode(typed)} in the incident channel. Nothing was sent to PD.`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Here you can look (${inlineCode('stores')}, ${inlineCode('region 42')}, ${inlineCode('operators')}, ${inlineCode('help')}) and preview a change with ${inlineCode('--dry-run')}.`,
          },
        ],
      },
    ],
  };
}
