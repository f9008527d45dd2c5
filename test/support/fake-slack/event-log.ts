/** Options for {@link EventLog.waitFor}. */
export interface WaitOptions {
  /** Reject after this many ms. Generous by default: a loaded 2-core CI box is slow, not broken. */
  timeoutMs?: number;
  /**
   * Only consider entries at index >= since. Capture `log.entries.length` before triggering the
   * action to wait for the *next* matching entry instead of one that already happened.
   */
  since?: number;
}

export const DEFAULT_WAIT_MS = 10_000;

interface Waiter<T> {
  since: number;
  matches: (entry: T) => boolean;
  resolve: (entry: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * An append-only record that tests can both inspect and await. Waiting is event driven (resolved
 * from push()), so tests never sleep-and-poll, and entries recorded before the wait started still
 * count, which removes the race between "trigger" and "start waiting".
 */
export class EventLog<T> {
  readonly entries: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  readonly #describeEntry: (entry: T) => string;
  #closedWith: Error | undefined;

  constructor(describeEntry: (entry: T) => string) {
    this.#describeEntry = describeEntry;
  }

  push(entry: T): void {
    const index = this.entries.push(entry) - 1;
    for (const waiter of this.#waiters) {
      if (index >= waiter.since && waiter.matches(entry)) this.#settle(waiter, () => waiter.resolve(entry));
    }
  }

  waitFor(what: string, matches: (entry: T) => boolean = () => true, opts: WaitOptions = {}): Promise<T> {
    const since = opts.since ?? 0;
    const found = this.entries.slice(since).find(matches);
    if (found !== undefined) return Promise.resolve(found);
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        since,
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          // List what did arrive: a timeout is otherwise the least debuggable failure there is.
          const seen = this.entries.map(this.#describeEntry).join(', ') || 'nothing';
          this.#settle(waiter, () =>
            reject(new Error(`timed out after ${timeoutMs}ms waiting for ${what}; recorded: ${seen}`)),
          );
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Fails every pending and future wait, so a test blocked on a closed fake ends at once. */
  close(error: Error): void {
    this.#closedWith = error;
    for (const waiter of this.#waiters) this.#settle(waiter, () => waiter.reject(error));
  }

  #settle(waiter: Waiter<T>, settle: () => void): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
    settle();
  }
}

/** Accepts the documented `timeoutMs` number or a full options object. */
export function toWaitOptions(timeoutOrOpts: number | WaitOptions | undefined): WaitOptions {
  return typeof timeoutOrOpts === 'number' ? { timeoutMs: timeoutOrOpts } : (timeoutOrOpts ?? {});
}
