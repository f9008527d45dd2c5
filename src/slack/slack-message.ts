import type { types } from '@slack/bolt';

/** A message for respond()/chat.postMessage: blocks plus the plain `text` fallback Slack needs. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

/**
 * Slack accepts 40,000 characters of top-level `text`, but it is the notification and the whole
 * message when blocks are refused; 3,000 keeps it readable and far from every route's limit.
 */
export const TOP_LEVEL_TEXT_LIMIT = 3000;

/** Cuts the top-level text, saying so and naming the correlation id that finds the rest in the log. */
export function clampTopLevelText(text: string, correlationId?: string): string {
  if (text.length <= TOP_LEVEL_TEXT_LIMIT) return text;
  const id = correlationId === undefined ? '' : `; correlation id ${correlationId}`;
  // 80 characters always hold the marker (the count has at most 8 digits: input is bounded upstream).
  const keep = TOP_LEVEL_TEXT_LIMIT - 80 - id.length;
  return `${text.slice(0, keep)} … (${text.length - keep} more characters cut${id})`;
}
