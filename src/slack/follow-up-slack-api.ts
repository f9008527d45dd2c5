import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../core/metrics/metrics.js';
import { boltLogger } from './bolt-logger.js';
import { countingFetch } from './counting-fetch.js';
import { postChatMessage } from './post-chat-message.js';
import type { SlackMessage } from './slack-message.js';

/** The Web API calls a follow-up needs (chat.update, chat.postMessage with thread_ts, chat.postEphemeral). */
export interface FollowUpSlackApi {
  update(target: { channelId: string; ts: string }, message: SlackMessage): Promise<void>;
  post(target: { channelId: string; threadTs?: string }, message: SlackMessage): Promise<{ ts?: string }>;
  postEphemeral(target: { channelId: string; userId: string }, message: SlackMessage): Promise<void>;
}

export interface FollowUpSlackApiOptions {
  readonly botToken: string;
  readonly apiUrl?: string;
  readonly logger: Logger;
  /** Each Web API call is counted here (default: nowhere). */
  readonly metrics?: Metrics;
}

/**
 * The follow-ups' own Web API client. It rejects a 429 at once (WebAPIRateLimitedError with
 * Retry-After) instead of the SDK's way, which pauses the whole client's queue and retries in real
 * time (slack-platform.md §6.1): the notifier's edit budget backs off for Retry-After itself, on the
 * injected clock, and commands' replies on the app's client never queue behind follow-up edits.
 */
export function followUpSlackApi(options: FollowUpSlackApiOptions): FollowUpSlackApi {
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl !== undefined && { slackApiUrl: options.apiUrl }),
    logger: boltLogger(options.logger),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: 10_000,
    rejectRateLimitedCalls: true,
    ...(options.metrics !== undefined && { fetch: countingFetch(options.metrics) }),
  });
  return {
    update: async (target, message) => {
      await client.chat.update({ channel: target.channelId, ts: target.ts, ...message });
    },
    post: (target, message) => postChatMessage(client, target, message),
    postEphemeral: async (target, message) => {
      await client.chat.postEphemeral({ channel: target.channelId, user: target.userId, ...message });
    },
  };
}
