import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Metrics } from '../core/metrics/metrics.js';
import { boltLogger } from './bolt-logger.js';
import { countingFetch } from './counting-fetch.js';

export interface UsergroupMemberListerOptions {
  readonly botToken: string;
  readonly apiUrl?: string;
  /** GROUP_LOOKUP_TIMEOUT_MS: the whole lookup, one attempt. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Each Web API call is counted here (default: nowhere). */
  readonly metrics?: Metrics;
}

/**
 * usergroups.users.list on a WebClient of its own, for policy checks. Bolt's shared client retries
 * and, on a 429, pauses its whole queue for Retry-After (§6.1): a rate-limited group lookup would
 * hold a denial, and every reply behind it, for minutes. This one tries once, gives up at the bound
 * and fails at once on a 429, so the caller denies while the user is still looking.
 */
export function usergroupMemberLister(
  options: UsergroupMemberListerOptions,
): (groupId: string) => Promise<readonly string[]> {
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl !== undefined && { slackApiUrl: options.apiUrl }),
    logger: boltLogger(options.logger),
    timeout: options.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(options.metrics !== undefined && { fetch: countingFetch(options.metrics) }),
  });
  return async (usergroup) => (await client.usergroups.users.list({ usergroup })).users ?? [];
}
