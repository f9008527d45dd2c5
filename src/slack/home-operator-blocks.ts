import type { types } from '@slack/bolt';
import { commandName } from '../core/actions/action-definition.js';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import { HOME_CANCEL_ACTION_ID, homeButtonValue } from './home-button-value.js';
import type { HomeViewInput } from './home-view-input.js';
import { HOME_BUTTONS, HOME_LIST_LINES } from './home-view-limits.js';
import { section } from './message-blocks.js';
import { clampLabel, clampText, escapeMrkdwn, foreignText, slackDate, userMention } from './mrkdwn.js';

type Block = types.KnownBlock;

/** The operators the bot started on a cluster (its follow-ups), with Cancel while one runs. */
export function homeOperatorBlocks(cluster: string, input: HomeViewInput): Block[] {
  if (input.followUps === undefined) return [];
  if (!input.followUps.ok) return [section('*Operators the bot started*: could not be read')];
  const mine = input.followUps.items.filter((f) => f.cluster === cluster);
  if (mine.length === 0) return [section('*Operators the bot started*: none recently')];
  const lines = mine.slice(0, HOME_LIST_LINES).map(followUpLine);
  const more = mine.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more`);
  // One Cancel per region: PD cancels whatever operator runs there, and action ids must be unique.
  const regions = new Set<string>();
  const running = mine
    .filter((f) => f.kind === 'operator' && isActive(f))
    .filter((f) => !regions.has(f.subjectId) && regions.add(f.subjectId) !== undefined)
    .slice(0, HOME_BUTTONS);
  return [
    section(`*Operators the bot started*\n${lines.join('\n')}`),
    ...(running.length === 0
      ? []
      : [
          {
            type: 'actions' as const,
            block_id: `home:operators:${cluster}`.slice(0, 255),
            elements: running.map((f) => ({
              type: 'button' as const,
              action_id: `${HOME_CANCEL_ACTION_ID}:${f.subjectId}`.slice(0, 255),
              text: { type: 'plain_text' as const, text: clampLabel(`Cancel region ${f.subjectId}`, 75) },
              value: homeButtonValue({ a: 'cancel-operator', c: cluster, p: { region_id: f.subjectId } }),
            })),
          },
        ]),
  ];
}

function isActive(f: FollowUp): boolean {
  return f.state === 'following' || f.state === 'stalled';
}

const STATE_MARK: Readonly<Record<FollowUp['state'], string>> = {
  following: ':hourglass_flowing_sand: following',
  stalled: ':warning: stalled',
  succeeded: ':white_check_mark: succeeded',
  failed: ':x: failed',
  stopped: ':grey_question: no longer followed',
};

function followUpLine(f: FollowUp): string {
  const what = `${escapeMrkdwn(commandName({ name: f.actionName }))} ${escapeMrkdwn(
    Object.entries(f.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  )}`;
  const status = f.status !== undefined ? ` (${foreignText(f.status, 80)})` : '';
  return `• ${clampText(what, 200)} · ${STATE_MARK[f.state]}${status} · by ${userMention(f.requesterId)} ${slackDate(f.startedAt)}`;
}
