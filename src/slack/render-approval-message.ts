import { commandName } from '../core/actions/action-definition.js';
import type { Approval } from '../core/approvals/approval-store.js';
import { describeRequest } from '../core/commands/describe-request.js';
import type { ExecutionRequest, Outcome, Target } from '../core/engine/outcome.js';
import { fitSlackLimits } from './fit-slack-limits.js';
import { context, requestFields, section } from './message-blocks.js';
import { foreignText, slackDate, userMention } from './mrkdwn.js';
import { renderOutcomeMessage } from './render-outcome-message.js';
import type { SlackMessage } from './slack-message.js';

/** The approval message once decided, replacing the buttons so it cannot be used twice. */
export function renderApprovalDecision(
  approval: Approval,
  request: ExecutionRequest,
  target: Target,
  outcome?: Outcome,
): SlackMessage {
  return fitSlackLimits(decisionMessage(approval, request, target, outcome), request.correlationId);
}

function decisionMessage(
  approval: Approval,
  request: ExecutionRequest,
  target: Target,
  outcome: Outcome | undefined,
): SlackMessage {
  const what = commandName(request.action);
  if (approval.state === 'rejected') {
    const by =
      approval.decidedBy === request.actor.id
        ? 'Withdrawn by the requester'
        : `Rejected by ${userMention(approval.decidedBy ?? '')}`;
    const note = approval.note ? ` Reason: ${foreignText(approval.note)}` : '';
    return {
      text: `${foreignText(describeRequest(request.action, request.params))} was rejected by ${userMention(approval.decidedBy ?? '')}; nothing was sent to PD${note}`,
      blocks: [
        section(
          `:no_entry_sign: ${by} ${approval.decidedAt ? slackDate(approval.decidedAt) : ''}: *${what}* was not run.${note}`,
        ),
        requestFields(request, target),
        context(request, target),
      ],
    };
  }
  if (approval.state === 'expired') {
    return {
      text: `${foreignText(describeRequest(request.action, request.params))} expired without approval; nothing was sent to PD`,
      blocks: [
        section(
          `:hourglass: Expired ${slackDate(approval.expiresAt)} without approval: *${what}* was not run. Ask again if it is still needed.`,
        ),
        requestFields(request, target),
        context(request, target),
      ],
    };
  }
  if (approval.state === 'failed' && outcome === undefined) {
    // Closed by the sweeper: the replica that claimed the run stopped before PD's answer was recorded.
    return {
      text: `${foreignText(describeRequest(request.action, request.params))} was approved by ${userMention(approval.decidedBy ?? '')} but its run was interrupted; PD may or may not have acted`,
      blocks: [
        section(
          `:warning: Approved by ${userMention(approval.decidedBy ?? '')}${approval.decidedAt ? ` ${slackDate(approval.decidedAt)}` : ''}, but the bot replica running *${what}* stopped before PD's answer was recorded: it may or may not have reached PD. Check the cluster before asking again; it will not be run again.`,
        ),
        requestFields(request, target),
        context(request, target),
      ],
    };
  }
  if (outcome) {
    const message = renderOutcomeMessage(outcome);
    const at = approval.decidedAt ? ` ${slackDate(approval.decidedAt)}` : '';
    return {
      text: `Approved by ${userMention(approval.decidedBy ?? '')}: ${message.text}`,
      blocks: [
        section(`:ballot_box_with_check: Approved by ${userMention(approval.decidedBy ?? '')}${at}`),
        ...message.blocks,
      ],
    };
  }
  return {
    text: `${foreignText(describeRequest(request.action, request.params))} is ${approval.state}`,
    blocks: [section(`*${what}* is ${approval.state}.`), requestFields(request, target)],
  };
}
