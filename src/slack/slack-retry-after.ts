/**
 * Retry-After in ms when Slack answered 429 to a WebClient built with rejectRateLimitedCalls (it throws
 * WebAPIRateLimitedError, Retry-After in seconds, slack-platform.md §6.1); undefined for anything else.
 */
export function slackRetryAfterMs(error: unknown): number | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown } | undefined;
  if (e?.code !== 'slack_webapi_rate_limited_error' || typeof e.retryAfter !== 'number') return undefined;
  return Math.max(0, e.retryAfter) * 1000;
}
