import type { types } from '@slack/bolt';
import type { FollowUpEvent } from '../core/follow-ups/follow-up-ports.js';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import { section } from './message-blocks.js';
import { foreignText, foreignValue, inlineCode, slackDate, userMention } from './mrkdwn.js';
import type { SlackMessage } from './slack-message.js';
import { withoutUndoButtons } from './undo-button.js';

type Block = types.KnownBlock;

/** PD's words (status, operator brief, step) are foreign: shown in a code span, never as markup. */
const DETAIL_LIMIT = 900;

const HEADLINES: Record<FollowUp['state'], string> = {
  following: ':hourglass_flowing_sand: *Following it to the end*',
  stalled: ':warning: *Stalled*',
  succeeded: ':white_check_mark: *Done*',
  failed: ':x: *Did not happen*',
  stopped: ':grey_question: *Stopped following*',
};

export function checkCommand(followUp: Pick<FollowUp, 'kind' | 'subjectId'>): string {
  return `/tikv ${followUp.kind === 'operator' ? 'operator' : 'store'} ${followUp.subjectId}`;
}

/** `transfer-leader region_id=42 to_store_id=4`, each value shown safely. */
export function followedCommand(followUp: Pick<FollowUp, 'actionName' | 'params'>): string {
  const args = Object.entries(followUp.params).map(([k, v]) => `${k}=${foreignValue(String(v))}`);
  return [followUp.actionName.replaceAll('_', '-'), ...args].join(' ');
}

/**
 * What a released follow-up's message says. Only a store that outlives the process (Redis) lets the
 * next bot resume it; with the in-memory store the next bot starts empty, so no resume is promised.
 */
export function releasedHeadline(followUp: Pick<FollowUp, 'kind' | 'subjectId'>, resumes: boolean): string {
  return resumes
    ? ':pause_button: *The bot restarted and stopped following*; the next bot to start resumes it'
    : `:pause_button: *The bot is restarting and has stopped following this*; check with ${inlineCode(checkCommand(followUp))}`;
}

/**
 * The follow-up's part of the result message: where it stands, in PD's words, and how to check by
 * hand. `resumes`: a release is picked up by the next bot (the store is durable).
 */
export function followUpBlocks(
  followUp: FollowUp,
  event: FollowUpEvent,
  now: Date,
  resumes = false,
): Block[] {
  const released = event === 'released';
  const headline = released ? releasedHeadline(followUp, resumes) : HEADLINES[followUp.state];
  const status = followUp.status === undefined ? '' : ` — PD: ${foreignText(followUp.status, 80)}`;
  const detail = followUp.detail === undefined ? '' : `\n${foreignText(followUp.detail, DETAIL_LIMIT)}`;
  const ended = followUp.finishedAt !== undefined;
  // A release nobody resumes must not go on promising a deadline the bot will not keep.
  const when = ended
    ? `ended ${slackDate(followUp.finishedAt ?? now)}`
    : released && !resumes
      ? `stopped following ${slackDate(now)}; PD was last asked ${slackDate(followUp.updatedAt)}`
      : `checked ${slackDate(now)}; the bot follows it until ${slackDate(followUp.deadline)}`;
  return [
    { type: 'divider' },
    section(`${headline}${status}${detail}`),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${when} · check by hand: ${inlineCode(checkCommand(followUp))} · correlation id ${inlineCode(followUp.correlationId)}`,
        },
      ],
    },
  ];
}

/** Before the first poll: the result says it is being followed, so nobody has to ask. */
export function followingNotice(kind: FollowUp['kind'], subjectId: string): Block[] {
  const what =
    kind === 'operator'
      ? `the operator on region ${subjectId} until PD reports its end, then checks the region`
      : `store ${subjectId}'s leader count down to 0`;
  return [
    { type: 'divider' },
    section(
      `:hourglass_flowing_sand: *Following it to the end*: the bot watches ${what}, and updates this message.`,
    ),
  ];
}

/** The original result with the follow-up's current state under it (what chat.update and replace_original send). */
export function renderFollowedMessage(
  followUp: FollowUp,
  event: FollowUpEvent,
  now: Date,
  resumes = false,
): SlackMessage {
  const original = followUp.message?.original;
  // Cancel means nothing once the operator ended; Undrain stays meaningful after a drain reached 0.
  const undoLeft = followUp.kind === 'drain' || followUp.finishedAt === undefined;
  const head: Block[] =
    original !== undefined
      ? undoLeft
        ? (original.blocks as Block[])
        : withoutUndoButtons(original.blocks as Block[])
      : [
          section(
            `*${followedCommand(followUp)}* on ${inlineCode(followUp.cluster)}, requested by ${userMention(followUp.requesterId)}`,
          ),
        ];
  // A message of the follow-up's own names the result it continues: who, what, when, correlation id.
  const intro: Block[] =
    followUp.message?.standalone === true
      ? [
          section(
            `:link: Follow-up of ${followedCommand(followUp)} on ${inlineCode(followUp.cluster)}, requested by ${userMention(followUp.requesterId)} at ${slackDate(followUp.startedAt)} (correlation id ${inlineCode(followUp.correlationId)}); that result can no longer be edited.`,
          ),
        ]
      : [];
  const state = event === 'released' ? 'stopped following (restart)' : (followUp.status ?? followUp.state);
  return {
    text: `${original?.text ?? followedCommand(followUp)} — ${state}`,
    blocks: [...intro, ...head, ...followUpBlocks(followUp, event, now, resumes)],
  };
}

/** The end, as its own message: a thread reply, or a new post that names the original. */
export function renderFollowUpEnd(
  followUp: FollowUp,
  event: FollowUpEvent,
  now: Date,
  standalone: boolean,
  resumes = false,
): SlackMessage {
  const what = `${followedCommand(followUp)} on ${inlineCode(followUp.cluster)}`;
  const intro = standalone
    ? `Follow-up of ${what}, requested by ${userMention(followUp.requesterId)} at ${slackDate(followUp.startedAt)} (correlation id ${inlineCode(followUp.correlationId)}):`
    : `${userMention(followUp.requesterId)} ${what}:`;
  const blocks = [section(intro), ...followUpBlocks(followUp, event, now, resumes).slice(1)];
  return {
    text: `${followedCommand(followUp)}: ${event === 'released' ? 'stopped following (restart)' : (followUp.status ?? followUp.state)}`,
    blocks,
  };
}

/** Releases listed in one summary at most; the rest are counted. */
const SUMMARY_LIMIT = 10;

/**
 * At shutdown, the follow-ups of a channel whose messages could not be edited in time (the edit
 * budget): one message that lists them, so no message is left promising a follow-up nobody does.
 */
export function renderReleaseSummary(
  followUps: readonly FollowUp[],
  now: Date,
  resumes: boolean,
): SlackMessage {
  const n = followUps.length;
  const head = resumes
    ? `:pause_button: *The bot restarted and stopped following ${n} write${n === 1 ? '' : 's'} here*; the next bot to start resumes them. Their messages were not updated (Slack's edit rate limit):`
    : `:pause_button: *The bot is restarting and has stopped following ${n} write${n === 1 ? '' : 's'} here*; their messages were not updated (Slack's edit rate limit). Check each by hand:`;
  const lines = followUps
    .slice(0, SUMMARY_LIMIT)
    .map(
      (f) =>
        `• ${followedCommand(f)} on ${inlineCode(f.cluster)}, requested by ${userMention(f.requesterId)} at ${slackDate(f.startedAt)}: ${inlineCode(checkCommand(f))} (correlation id ${inlineCode(f.correlationId)})`,
    );
  if (n > SUMMARY_LIMIT) lines.push(`…and ${n - SUMMARY_LIMIT} more (the bot's log names each).`);
  return {
    text: resumes
      ? `The bot restarted and stopped following ${n} write(s) here; the next bot resumes them`
      : `The bot is restarting and has stopped following ${n} write(s) here; check them by hand`,
    blocks: [
      section(`${head}\n${lines.join('\n')}`),
      { type: 'context', elements: [{ type: 'mrkdwn', text: slackDate(now) }] },
    ],
  };
}
