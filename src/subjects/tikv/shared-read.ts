import type { DirectoryError } from '../../core/stores/store-directory.js';

export type ReadOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DirectoryError };

export type SharedAnswer<T> =
  | { readonly ok: true; readonly value: T; readonly at: number; readonly fresh: boolean }
  | { readonly ok: false; readonly error: DirectoryError };

export interface SharedReadOptions<T> {
  /** Reads PD once; never rejects (failures are values). */
  readonly read: () => Promise<ReadOutcome<T>>;
  /** Monotonic ms (the engine clock's). */
  readonly monotonic: () => number;
  /** An answer younger than this is served without asking PD. */
  readonly freshMs: number;
  /** An older answer is still served, marked not fresh, while PD is slow or failing, up to this age. */
  readonly staleMs: number;
  /** After a failure, callers get it (or the stale answer) for this long before PD is asked again. */
  readonly failureMs: number;
  /** Waits ms of real time: the caller's deadline (Slack's clock is real). */
  readonly sleep?: (ms: number) => { promise: Promise<void>; cancel(): void };
}

function realSleep(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * One cached PD read shared by every caller: fresh for a few seconds, then refreshed by exactly
 * one request however many callers ask at once (single flight). A caller waits for PD only as long
 * as it can afford; past that it gets the last answer, marked stale, or PD_SLOW, and the read
 * goes on to fill the cache for the next caller.
 */
export class SharedRead<T> {
  readonly #options: SharedReadOptions<T>;
  #last: { value: T; at: number; readAtMono: number } | undefined;
  #failure: { error: DirectoryError; atMono: number } | undefined;
  #inFlight: Promise<ReadOutcome<T>> | undefined;
  /** PD reads started, for tests and benchmarks. */
  reads = 0;

  constructor(options: SharedReadOptions<T>) {
    this.#options = options;
  }

  async get(waitMs: number, wallNow: () => number): Promise<SharedAnswer<T>> {
    const { monotonic, freshMs, failureMs } = this.#options;
    const now = monotonic();
    const last = this.#last;
    if (last && now - last.readAtMono < freshMs)
      return { ok: true, value: last.value, at: last.at, fresh: true };
    if (this.#failure && now - this.#failure.atMono < failureMs) return this.#fallback(this.#failure.error);
    const flight = this.#refresh(wallNow);
    const sleep = (this.#options.sleep ?? realSleep)(Math.max(0, waitMs));
    const outcome = await Promise.race([flight, sleep.promise.then(() => undefined)]);
    sleep.cancel();
    if (outcome === undefined) {
      return this.#fallback({ code: 'PD_SLOW', detail: `PD did not answer within ${waitMs} ms` });
    }
    const latest = this.#last;
    if (outcome.ok && latest) return { ok: true, value: latest.value, at: latest.at, fresh: true };
    return this.#fallback(outcome.ok ? { code: 'PD_FAILED', detail: 'no answer' } : outcome.error);
  }

  /** The last answer while it is not too old, else the error. */
  #fallback(error: DirectoryError): SharedAnswer<T> {
    const last = this.#last;
    if (last && this.#options.monotonic() - last.readAtMono < this.#options.staleMs) {
      return { ok: true, value: last.value, at: last.at, fresh: false };
    }
    return { ok: false, error };
  }

  #refresh(wallNow: () => number): Promise<ReadOutcome<T>> {
    this.#inFlight ??= (async () => {
      this.reads += 1;
      const startedMono = this.#options.monotonic();
      try {
        const outcome = await this.#options.read();
        if (outcome.ok) {
          this.#last = { value: outcome.value, at: wallNow(), readAtMono: startedMono };
          this.#failure = undefined;
        } else {
          this.#failure = { error: outcome.error, atMono: this.#options.monotonic() };
        }
        return outcome;
      } finally {
        this.#inFlight = undefined;
      }
    })();
    return this.#inFlight;
  }
}
