import type { types } from '@slack/bolt';
import type { PendingApproval } from '../approvals/approval-store.js';
import { commandName } from '../core/action-definition.js';
import { describeRequest } from '../core/describe-request.js';
import type { ExecutionRequest, Outcome, Target } from '../core/outcome.js';
import { fitSlackLimits } from './fit-slack-limits.js';
import {
  clampLabel,
  escapeMrkdwn,
  foreignText,
  groupMention,
  inlineCode,
  slackDate,
  userMention,
} from './mrkdwn.js';
import { context, renderOutcomeMessage, requestFields, section } from './render-outcome-message.js';
import type { SlackMessage } from './slack-message.js';

export const APPROVE_ACTION_ID = 'tikv:approve';
export const REJECT_ACTION_ID = 'tikv:reject';

/** Posted in the channel: who asks for what, where, until when, and the buttons for a second person. */
export function renderApprovalRequest(outcome: Extract<Outcome, { kind: 'needs_approval' }>): SlackMessage {
  const { request, target, approvers } = outcome;
  const who = [...approvers.users.map(userMention), ...approvers.groups.map(groupMention)];
  const what = commandName(request.action);
  const blocks: types.KnownBlock[] = [
    section(
      `:raised_hand: ${userMention(request.actor.id)} asks to run *${what}*. It needs a second person: ${escapeMrkdwn(outcome.reason)}.`,
    ),
    requestFields(request, target),
    section(
      `*Who can approve:* ${who.length ? who.join(', ') : 'nobody (fix the policy)'} — not the requester.`,
    ),
    {
      type: 'actions',
      block_id: 'tikv:approval',
      elements: [
        {
          type: 'button',
          action_id: APPROVE_ACTION_ID,
          value: outcome.approvalId,
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve and run' },
          confirm: {
            title: { type: 'plain_text', text: clampLabel(`Run ${what}?`, 100) },
            text: { type: 'mrkdwn', text: confirmText(request, target) },
            confirm: { type: 'plain_text', text: 'Approve and run' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
        {
          type: 'button',
          action_id: REJECT_ACTION_ID,
          value: outcome.approvalId,
          style: 'danger',
          text: { type: 'plain_text', text: 'Reject' },
        },
      ],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Expires ${slackDate(outcome.expiresAt)} · approval ${inlineCode(outcome.approvalId)} · correlation id ${inlineCode(request.correlationId)}`,
        },
      ],
    },
  ];
  return fitSlackLimits(
    {
      text: `${userMention(request.actor.id)} asks to run ${foreignText(describeRequest(request.action, request.params))} on PD ${escapeMrkdwn(target.endpoint)}; approval needed by ${outcome.expiresAt.toISOString()}`,
      blocks,
    },
    request.correlationId,
  );
}

/**
 * Slack allows 300 characters in a confirm dialog: the request is cut before it is put in code, so
 * the cut can never split an escape sequence or leave the span open.
 */
function confirmText(request: ExecutionRequest, target: Target): string {
  const endpoint = escapeMrkdwn(
    target.endpoint.length > 80 ? `${target.endpoint.slice(0, 79)}…` : target.endpoint,
  );
  const frame = `This sends  to PD ${endpoint} now.`;
  // inlineCode at most quintuples a character (& → &amp;); keep the span's source short enough.
  const room = Math.max(10, Math.floor((300 - frame.length - 2) / 5));
  return `This sends ${foreignText(describeRequest(request.action, request.params), room)} to PD ${endpoint} now.`;
}

/** The approval message once decided, replacing the buttons so it cannot be used twice. */
export function renderApprovalDecision(
  approval: PendingApproval,
  request: ExecutionRequest,
  target: Target,
  outcome?: Outcome,
): SlackMessage {
  return fitSlackLimits(decisionMessage(approval, request, target, outcome), request.correlationId);
}

function decisionMessage(
  approval: PendingApproval,
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
