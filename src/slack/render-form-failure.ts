import type { ActionDefinition } from '../core/actions/action-definition.js';
import { usageLine } from '../core/commands/usage-line.js';
import { fitSlackLimits } from './fit-slack-limits.js';
import { foreignText, inlineCode } from './mrkdwn.js';
import type { SlackMessage } from './slack-message.js';

/** The form could not be opened: Slack's error (foreign text) and how to type the command instead. */
export function renderFormFailure(
  slackError: string,
  action: ActionDefinition,
  correlationId: string,
): SlackMessage {
  return fitSlackLimits(
    {
      text: `:warning: Could not open the form (Slack said ${foreignText(slackError, 100)}); nothing was sent to PD. Type every argument instead: ${inlineCode(usageLine(action))} (correlation id ${inlineCode(correlationId)}).`,
      blocks: [],
    },
    correlationId,
  );
}
