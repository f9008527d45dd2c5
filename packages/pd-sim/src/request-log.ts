export interface RecordedRequest {
  readonly method: string;
  /** Path without the query, as sent (not percent-decoded). */
  readonly path: string;
  /** Query string without `?`, '' when absent. */
  readonly query: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body text. */
  readonly body: string;
  /** Real milliseconds since the simulator started (performance.now based), for timing retries. */
  readonly at: number;
  /** Simulated milliseconds since time zero when the request arrived. */
  readonly simAt: number;
}

interface Waiter {
  readonly pred: (r: RecordedRequest) => boolean;
  readonly resolve: (r: RecordedRequest) => void;
  readonly reject: (error: Error) => void;
}

/** Every request the simulator received, in arrival order, with event-driven waiting. */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  readonly #waiters = new Set<Waiter>();

  record(request: RecordedRequest): void {
    this.requests.push(request);
    for (const waiter of [...this.#waiters]) {
      if (waiter.pred(request)) {
        this.#waiters.delete(waiter);
        waiter.resolve(request);
      }
    }
  }

  /**
   * Resolves with the first request (already received or yet to come) that satisfies `pred`; rejects
   * after `timeoutMs` of real time, listing what did arrive.
   */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 5_000): Promise<RecordedRequest> {
    const seen = this.requests.find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const got = this.requests
          .map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`)
          .join(', ');
        reject(new Error(`pd-sim: no matching request within ${timeoutMs} ms; received: [${got}]`));
      }, timeoutMs);
      const waiter: Waiter = {
        pred,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /** Fails pending waiters at once (on close) instead of at their timeout. */
  rejectAll(reason: string): void {
    for (const waiter of this.#waiters) waiter.reject(new Error(reason));
    this.#waiters.clear();
  }
}
