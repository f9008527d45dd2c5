import type { DenialWords } from '../policy/word-denial.js';
import { escapeMrkdwn, foreignText, userMention } from './mrkdwn.js';

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
