import type { PdRequest } from '../pd/pd-request.js';
import type { FollowUpSettings, FollowUpTimers } from './follow-up-ports.js';

/** One subject (cluster + poll read) polled once per round for every follow-up watching it. */
export interface Watch {
  readonly key: string;
  readonly cluster: string;
  readonly request: PdRequest;
  readonly followers: Set<string>;
  intervalMs: number;
  timer?: unknown;
}

export interface PollWatchesDeps {
  readonly timers: FollowUpTimers;
  readonly settings: Pick<FollowUpSettings, 'firstPollMs' | 'maxPollMs'>;
  /** A watch's poll is due (its timer already forgotten). */
  readonly onDue: (watch: Watch) => void;
}

/** The watches and their timers: one per subject, backing off 1 s, 2 s, 4 s … up to the cap. */
export class PollWatches {
  readonly #deps: PollWatchesDeps;
  readonly #watches = new Map<string, Watch>();

  constructor(deps: PollWatchesDeps) {
    this.#deps = deps;
  }

  /** Adds a follower to its subject's watch, starting the watch (first poll scheduled) if new. */
  add(cluster: string, request: PdRequest, id: string): void {
    const key = `${cluster}\u0000${request.method} ${request.path}`;
    let watch = this.#watches.get(key);
    if (watch === undefined) {
      watch = {
        key,
        cluster,
        request,
        followers: new Set(),
        intervalMs: this.#deps.settings.firstPollMs,
      };
      this.#watches.set(key, watch);
      this.#schedule(watch);
    }
    watch.followers.add(id);
  }

  /** After a round: a watch nobody follows any more is forgotten, else its next poll is scheduled. */
  next(watch: Watch): void {
    if (watch.followers.size === 0) this.#watches.delete(watch.key);
    else this.#schedule(watch);
  }

  /** Clears every watch's timer and forgets the watches. */
  clear(): void {
    for (const watch of this.#watches.values()) this.#deps.timers.clear(watch.timer);
    this.#watches.clear();
  }

  #schedule(watch: Watch): void {
    const delay = watch.intervalMs;
    watch.intervalMs = Math.min(watch.intervalMs * 2, this.#deps.settings.maxPollMs);
    watch.timer = this.#deps.timers.set(delay, () => {
      watch.timer = undefined;
      this.#deps.onDue(watch);
    });
  }
}
