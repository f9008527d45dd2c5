import type { DenialWords } from '../policy/word-denial.js';
import { escapeMrkdwn } from './mrkdwn.js';

/**
 * Denials worded for Slack: `<@U…>` and `<#C…>` render as names for the reader. A `<!subteam^…>`
 * mention would notify the whole group from a denial message, so groups are named by ID.
 */
export const SLACK_DENIAL_WORDS: DenialWords = {
  user: (id) => `<@${escapeMrkdwn(id)}>`,
  channel: (id) => `<#${escapeMrkdwn(id)}>`,
  group: (id) => `user group ${escapeMrkdwn(id)}`,
  text: escapeMrkdwn,
};
