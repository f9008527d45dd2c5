import type { ApprovalWords } from '../core/approvals/word-approval-refusal.js';
import type { DenialWords } from '../core/policy/word-denial.js';
import { escapeMrkdwn, foreignText, slackDate, userMention } from './mrkdwn.js';

/**
 * Denials worded for Slack: `<@U…>` and `<#C…>` render as names for the reader; anything that is
 * not a Slack ID is shown as foreign text, so it cannot ping or link. A `<!subteam^…>` mention
 * would notify the whole group from a denial, so groups are named by ID.
 */
export const SLACK_DENIAL_WORDS: DenialWords = {
  user: userMention,
  channel: (id) => (/^[CGD][A-Z0-9]{2,30}$/.test(id) ? `<#${id}>` : foreignText(id, 40)),
  group: (id) => `user group ${escapeMrkdwn(id)}`,
  text: escapeMrkdwn,
};

/**
 * Refused approval clicks worded for Slack: the denial's words, a rejection note as foreign text
 * (someone typed it, so it must not ping or link), times in each reader's time zone.
 */
export const SLACK_APPROVAL_WORDS: ApprovalWords = {
  ...SLACK_DENIAL_WORDS,
  foreign: (text) => foreignText(text),
  time: slackDate,
};
