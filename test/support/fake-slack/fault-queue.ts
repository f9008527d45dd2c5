/**
 * One injected failure. With none of status/error/networkError set, the call fails with HTTP 500.
 *
 * - `retryAfter` alone → HTTP 429 with `Retry-After` and `{ok:false,error:'ratelimited'}`.
 * - `error` alone → HTTP 200 `{ok:false,error}` (WebClient raises WebAPIPlatformError; never retried).
 * - `status` → that HTTP status (5xx is retried by WebClient unless retryConfig says otherwise).
 * - `networkError` → the connection is destroyed without an answer (WebAPIRequestError).
 * - `delayMs` → answer late, e.g. to push a listener past Slack's 3 s; combinable with the above,
 *   or alone to delay a successful answer.
 */
export interface FaultSpec {
  status?: number;
  error?: string;
  retryAfter?: number;
  networkError?: boolean;
  delayMs?: number;
  /** How many consecutive calls this fault applies to (default 1). */
  times?: number;
}

/** Per-method FIFO of injected faults, consumed one per call. */
export class FaultQueue {
  readonly #queues = new Map<string, FaultSpec[]>();

  add(method: string, spec: FaultSpec): void {
    const queue = this.#queues.get(method) ?? [];
    for (let i = 0; i < (spec.times ?? 1); i += 1) queue.push(spec);
    this.#queues.set(method, queue);
  }

  take(method: string): FaultSpec | undefined {
    return this.#queues.get(method)?.shift();
  }

  clear(): void {
    this.#queues.clear();
  }
}

/** True when the fault only slows the call down and the real answer should still be sent. */
export function isDelayOnly(spec: FaultSpec): boolean {
  return (
    spec.delayMs !== undefined &&
    spec.status === undefined &&
    spec.error === undefined &&
    spec.retryAfter === undefined &&
    !spec.networkError
  );
}
