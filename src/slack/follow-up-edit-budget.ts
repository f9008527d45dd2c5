import type { FollowUpTimers } from '../core/follow-ups/follow-up-ports.js';

export interface FollowUpEditBudgetDeps {
  /** Edits Slack sees per minute at most, workspace-wide (FOLLOW_EDITS_PER_MINUTE; at least 2). */
  readonly perMinute: number;
  readonly clock: { now(): Date };
  readonly timers: FollowUpTimers;
}

/** Float refill: a token that is 0.9999999 after rounding is a whole one. */
const EPSILON = 1e-9;

/**
 * One token bucket for every follow-up message's edits: chat.update is Tier 3 (50+ a minute per
 * method per workspace, slack-platform.md §6.2), and the per-message 5 s spacing alone lets 100
 * followed writes send about 1,200 a minute. A burst of a tenth of the budget goes out at once; the
 * rest refills so that no 60 s window ever holds more than `perMinute` edits (burst + refill over
 * 60 s = perMinute). Progress takes a token only when one is free and no end waits (tryTake); an end
 * queues for one (take) and is never dropped; a 429 empties the bucket for Retry-After (backOff).
 */
export class FollowUpEditBudget {
  readonly burst: number;
  readonly #perMs: number;
  readonly #deps: FollowUpEditBudgetDeps;
  #tokens: number;
  /** Refilled up to here; in the future while a 429's Retry-After lasts. */
  #atMs: number;
  readonly #queue: (() => void)[] = [];
  #timer: unknown;

  constructor(deps: FollowUpEditBudgetDeps) {
    if (!(deps.perMinute >= 2)) throw new RangeError('the follow-up edit budget needs at least 2 a minute');
    this.#deps = deps;
    this.burst = Math.max(1, Math.floor(deps.perMinute / 10));
    this.#perMs = (deps.perMinute - this.burst) / 60_000;
    this.#tokens = this.burst;
    this.#atMs = deps.clock.now().getTime();
  }

  /** Ends waiting for a token. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** For progress: a token now, or false (the edit is skipped; ends waiting go first). */
  tryTake(): boolean {
    this.#refill();
    if (this.#queue.length > 0 || this.#tokens < 1 - EPSILON) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * For an end or a release: resolves true, in order, once a token is free; false if `maxWaitMs`
   * passed first (a release at shutdown cannot wait for ever), its place in the queue given up.
   */
  take(maxWaitMs?: number): Promise<boolean> {
    return new Promise((resolve) => {
      let giveUp: unknown;
      const grant = () => {
        this.#deps.timers.clear(giveUp);
        resolve(true);
      };
      this.#queue.push(grant);
      if (maxWaitMs !== undefined) {
        giveUp = this.#deps.timers.set(maxWaitMs, () => {
          const at = this.#queue.indexOf(grant);
          if (at < 0) return;
          this.#queue.splice(at, 1);
          resolve(false);
        });
      }
      this.#pump();
    });
  }

  /** Slack answered 429: no edit for `ms`, and the bucket starts empty after it. */
  backOff(ms: number): void {
    const now = this.#deps.clock.now().getTime();
    this.#refill();
    this.#tokens = 0;
    this.#atMs = Math.max(this.#atMs, now + ms);
    this.#deps.timers.clear(this.#timer);
    this.#timer = undefined;
    this.#pump();
  }

  #refill(): void {
    const now = this.#deps.clock.now().getTime();
    if (now <= this.#atMs) return;
    this.#tokens = Math.min(this.burst, this.#tokens + (now - this.#atMs) * this.#perMs);
    this.#atMs = now;
  }

  #pump(): void {
    this.#refill();
    while (this.#queue.length > 0 && this.#tokens >= 1 - EPSILON) {
      this.#tokens -= 1;
      this.#queue.shift()?.();
    }
    if (this.#queue.length === 0 || this.#timer !== undefined) return;
    const now = this.#deps.clock.now().getTime();
    const wait = Math.max(0, this.#atMs - now) + Math.ceil(Math.max(0, 1 - this.#tokens) / this.#perMs);
    this.#timer = this.#deps.timers.set(Math.max(1, wait), () => {
      this.#timer = undefined;
      this.#pump();
    });
  }
}
