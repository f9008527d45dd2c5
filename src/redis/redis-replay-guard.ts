import type { Logger } from 'pino';
import type { RedisConnection } from './redis-connection.js';

// The shape of src/slack's ReplayGuard, restated: an adapter never imports a front end, and
// structural typing lets start-bot hand this to Slack as its guard.
export type ReplayClaim =
  | { readonly first: true; readonly localOnly?: boolean }
  | { readonly first: false; readonly correlationId: string };
export interface ReplayGuard {
  claim(key: string, correlationId: string): Promise<ReplayClaim>;
}

// SET NX PX, and on a repeat the first request's correlation id, in one round trip.
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])
`;

export interface RedisReplayGuardOptions {
  readonly ttlMs: number;
  readonly logger: Logger;
  /**
   * Asked while Redis is unreachable, so a read keeps working during an outage: it still catches a
   * replay that lands on this replica. The writes that matter are refused elsewhere meanwhile (the
   * approval store needs Redis for every request and click).
   */
  readonly fallback: ReplayGuard;
}

/** Slack request keys shared by every replica: a retry or replay landing on another one runs once. */
export class RedisReplayGuard implements ReplayGuard {
  readonly #redis: RedisConnection;
  readonly #options: RedisReplayGuardOptions;

  constructor(redis: RedisConnection, options: RedisReplayGuardOptions) {
    this.#redis = redis;
    this.#options = options;
  }

  async claim(key: string, correlationId: string): Promise<ReplayClaim> {
    let first: unknown;
    try {
      first = await this.#redis.client.eval(
        CLAIM,
        1,
        this.#redis.key('replay', key),
        correlationId,
        String(this.#options.ttlMs),
      );
    } catch (error) {
      this.#options.logger.warn(
        {
          decision: 'replay_guard_local',
          correlationId,
          reason: error instanceof Error ? error.message : String(error),
        },
        'Redis unreachable: this request was checked against this replica’s own replay memory only',
      );
      const local = await this.#options.fallback.claim(key, correlationId);
      // Said to the caller, which runs no change on a claim other replicas cannot see.
      return local.first ? { first: true, localOnly: true } : local;
    }
    return typeof first === 'string' ? { first: false, correlationId: first } : { first: true };
  }
}
