/**
 * The shared store (Redis) could not be reached for a write that needs it. A replica never falls
 * back to its own memory for these: that would let two replicas each believe they hold the one claim.
 */
export class SharedStoreUnavailableError extends Error {
  readonly code = 'SHARED_STORE_UNAVAILABLE' as const;
  constructor(
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`the shared store (Redis) is unreachable, so ${operation} was refused: ${reason}`);
    this.name = 'SharedStoreUnavailableError';
  }
}

/** Start-up could not reach Redis at REDIS_URL: the bot refuses to start (exit 2, like bad config). */
export class RedisUnreachableError extends Error {
  readonly code = 'REDIS_UNREACHABLE' as const;
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(
      `Redis at ${url} did not answer (${reason}); with REDIS_URL set the bot keeps approvals, follow-ups and replay keys there and will not start without it`,
    );
    this.name = 'RedisUnreachableError';
  }
}
