import type { types } from '@slack/bolt';

/** A message for respond()/chat.postMessage: blocks plus the plain `text` fallback Slack needs. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}
