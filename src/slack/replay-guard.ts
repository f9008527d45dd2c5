export type ReplayClaim =
  | {
      readonly first: true;
      /** Only this replica's memory was checked: the shared store could not be asked. */
      readonly localOnly?: boolean;
    }
  | { readonly first: false /** Of the request that did run. */; readonly correlationId: string };

/**
 * Remembers which Slack requests were already taken, so a replayed signed request (or Slack
 * re-sending an envelope) runs nothing. Keys come from Slack: a slash command's trigger_id, a
 * submitted form's view id. A store shared between instances (Redis SET NX PX) fits the same shape.
 */
export interface ReplayGuard {
  /** Records `key` for `correlationId` unless it was already claimed within the TTL. */
  claim(key: string, correlationId: string): Promise<ReplayClaim>;
}

/** Longer than Slack's 5-minute signature window, so a replay is recognised for as long as it verifies. */
export const REPLAY_TTL_MS = 10 * 60_000;
/** Far above any real command rate (this is ~80 a second for 10 minutes); bounds memory under a flood. */
export const REPLAY_MAX_KEYS = 50_000;

interface Seen {
  readonly correlationId: string;
  readonly at: number;
}

/** One process's memory of recent keys, oldest first; expiry is judged on the injected monotonic clock. */
export class InMemoryReplayGuard implements ReplayGuard {
  // A Map iterates in insertion order and keys are never re-inserted, so the first entry is the oldest.
  readonly #seen = new Map<string, Seen>();
  readonly #monotonic: () => number;
  readonly #ttlMs: number;
  readonly #maxKeys: number;
  #evictedEarly = 0;

  constructor(options: { clock: { monotonic(): number }; ttlMs?: number; maxKeys?: number }) {
    this.#monotonic = () => options.clock.monotonic();
    this.#ttlMs = options.ttlMs ?? REPLAY_TTL_MS;
    this.#maxKeys = options.maxKeys ?? REPLAY_MAX_KEYS;
  }

  get size(): number {
    return this.#seen.size;
  }

  /** Keys dropped before their TTL because the guard was full: a replay of those would run again. */
  get evictedEarly(): number {
    return this.#evictedEarly;
  }

  async claim(key: string, correlationId: string): Promise<ReplayClaim> {
    const now = this.#monotonic();
    for (const [oldKey, seen] of this.#seen) {
      if (now - seen.at < this.#ttlMs) break;
      this.#seen.delete(oldKey);
    }
    const seen = this.#seen.get(key);
    if (seen !== undefined) return { first: false, correlationId: seen.correlationId };
    if (this.#seen.size >= this.#maxKeys) {
      const oldest = this.#seen.keys().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
      this.#evictedEarly++;
    }
    this.#seen.set(key, { correlationId, at: now });
    return { first: true };
  }
}
