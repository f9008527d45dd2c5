import type { ActionDefinition, ActionParams } from '../core/actions/action-definition.js';
import { describeRequest } from '../core/commands/describe-request.js';
import { SLASH_COMMAND } from '../core/commands/usage-line.js';
import { section } from './message-blocks.js';
import { inlineCode } from './mrkdwn.js';
import type { SlackMessage } from './slack-message.js';

/** Where a command was typed, as Slack names it: the id, and the name when Slack sent one. */
export interface Conversation {
  readonly channelId: string | undefined;
  /** A slash command's channel_name (informational, reference §1.1); absent for events and old forms. */
  readonly channelName?: string | undefined;
}

/**
 * Whether the conversation is a DM of any kind rather than a channel: nobody but its members sees
 * it, and it is no team's audit trail. A 1:1 DM has an id starting with D (the app's own DM, or a DM
 * between people where `/tikv` was typed) and the name `directmessage`. A group DM (mpim) may have a
 * G or a C id, like private channels, so the id cannot tell; Slack names it `mpdm-<a>--<b>-1` in the
 * command payload, and that name is the sign. A private channel the bot is not in is named
 * `privategroup`: that is a channel, with a team and a history, so it is not refused.
 */
export function isDirectMessage(conversation: Conversation): boolean {
  const { channelId, channelName } = conversation;
  return (
    (channelId?.startsWith('D') ?? false) ||
    channelName === 'directmessage' ||
    (channelName?.startsWith('mpdm-') ?? false)
  );
}

/**
 * Whether this request must be refused because it would change the cluster from a DM or a group
 * DM. The channel history is the audit trail and the team must see changes as they happen, so
 * writes run in a channel; reads and dry runs (which change nothing) are answered in the DM.
 */
export function refusesWriteInDm(
  conversation: Conversation,
  action: Pick<ActionDefinition, 'mutating'>,
  dryRun: boolean,
): boolean {
  return isDirectMessage(conversation) && action.mutating && !dryRun;
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
