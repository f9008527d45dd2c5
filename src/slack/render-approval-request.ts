import type { types } from '@slack/bolt';
import { commandName } from '../core/actions/action-definition.js';
import { describeRequest } from '../core/commands/describe-request.js';
import type { ExecutionRequest, Outcome, Target } from '../core/engine/outcome.js';
import { clusterWords } from './cluster-label.js';
import { fitSlackLimits } from './fit-slack-limits.js';
import { requestFields, section } from './message-blocks.js';
import {
  clampLabel,
  escapeMrkdwn,
  foreignText,
  groupMention,
  inlineCode,
  slackDate,
  userMention,
} from './mrkdwn.js';
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
      text: `${userMention(request.actor.id)} asks to run ${foreignText(describeRequest(request.action, request.params))} on ${clusterWords(target)} (PD ${escapeMrkdwn(target.endpoint)}); approval needed by ${outcome.expiresAt.toISOString()}`,
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
  const cluster = clusterWords({
    cluster: target.cluster.length > 40 ? `${target.cluster.slice(0, 39)}…` : target.cluster,
    production: target.production,
  });
  const frame = `This sends  to ${cluster}, PD ${endpoint}, now.`;
  // inlineCode at most quintuples a character (& → &amp;); keep the span's source short enough.
  const room = Math.max(10, Math.floor((300 - frame.length - 2) / 5));
  return `This sends ${foreignText(describeRequest(request.action, request.params), room)} to ${cluster}, PD ${endpoint}, now.`;
}
