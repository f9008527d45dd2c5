import type { types } from '@slack/bolt';
import { commandName } from '../core/actions/action-definition.js';
import type { Approval } from '../core/approvals/approval-store.js';
import type { ApprovalsAwaiting } from '../core/home/approvals-awaiting.js';
import { HOME_APPROVE_ACTION_ID, HOME_REJECT_ACTION_ID } from './home-button-value.js';
import { HOME_BUTTONS, HOME_LIST_LINES } from './home-view-limits.js';
import { section } from './message-blocks.js';
import { clampLabel, clampText, inlineCode, slackDate, userMention } from './mrkdwn.js';

type Block = types.KnownBlock;

/** The approvals this viewer could decide: Approve / Reject for the first few, the rest listed. */
export function homeApprovalBlocks(awaiting: ApprovalsAwaiting): Block[] {
  const head = { type: 'divider' as const };
  if (!awaiting.ok) {
    return [
      head,
      section(
        '*Approvals waiting for you*: could not check your user groups with Slack; open Home again in a minute.',
      ),
    ];
  }
  if (awaiting.approvals.length === 0) return [head, section('*Approvals waiting for you*: none')];
  const withButtons = awaiting.approvals.slice(0, HOME_BUTTONS);
  const lines = awaiting.approvals.slice(HOME_BUTTONS, HOME_BUTTONS + HOME_LIST_LINES).map(approvalLine);
  const more = awaiting.approvals.length - withButtons.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more`);
  return [
    head,
    section(`*Approvals waiting for you* (${awaiting.approvals.length})`),
    ...withButtons.flatMap((a): Block[] => [
      section(approvalLine(a)),
      {
        type: 'actions',
        block_id: `home:approval:${a.id}`.slice(0, 255),
        elements: [
          {
            type: 'button',
            action_id: HOME_APPROVE_ACTION_ID,
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
            value: a.id,
            confirm: {
              title: { type: 'plain_text', text: 'Approve and run?' },
              text: {
                type: 'mrkdwn',
                text: clampText(
                  `This runs ${inlineCode(approvalWhat(a))}${a.cluster !== undefined ? ` on ${inlineCode(a.cluster)}` : ''} now, for ${userMention(a.requesterId)}.`,
                  300,
                ),
              },
              confirm: { type: 'plain_text', text: 'Approve' },
              deny: { type: 'plain_text', text: 'Not yet' },
            },
          },
          {
            type: 'button',
            action_id: HOME_REJECT_ACTION_ID,
            style: 'danger',
            text: { type: 'plain_text', text: 'Reject' },
            value: a.id,
          },
        ],
      },
    ]),
    ...(lines.length > 0 ? [section(lines.join('\n'))] : []),
  ];
}

function approvalWhat(a: Approval): string {
  return clampLabel(
    `${commandName({ name: a.actionName })} ${Object.entries(a.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`.trim(),
    150,
  );
}

function approvalLine(a: Approval): string {
  // A channel id from Slack; anything else is not turned into a link.
  const where =
    a.channelId !== undefined && /^[CGD][A-Z0-9]{2,30}$/.test(a.channelId) ? ` in <#${a.channelId}>` : '';
  const cluster = a.cluster !== undefined ? ` on ${inlineCode(a.cluster)}` : '';
  return `• ${inlineCode(approvalWhat(a))}${cluster} asked by ${userMention(a.requesterId)}${where}, expires ${slackDate(a.expiresAt)}`;
}
