import type { GoInstant } from './go-time.js';
import { type SimTimer, TimerHeap } from './timer-heap.js';

export interface SimClockOptions {
  /** Wall-clock time (Unix ms) at simulated time zero. */
  readonly startWallMs?: number;
  /** How long the PD process had been running at time zero; Go prints it as the `m=+…` part of times. */
  readonly processUptimeMs?: number;
}

/** A fixed instant so manual-timing runs print identical timestamps on every run. */
export const MANUAL_EPOCH_MS = Date.UTC(2026, 7, 21, 2, 15, 0);

/**
 * Simulated time. It only moves through advance(): tests call it directly (manual timing), the
 * realtime driver calls it from an interval with the real elapsed time. Work scheduled with
 * setTimeout runs synchronously inside advance(), in due order, with the clock set to its due time,
 * so an operator's steps see the time they were due at, not the time the test jumped to.
 */
export class SimClock {
  readonly startWallMs: number;
  readonly processUptimeMs: number;
  #elapsedNs = 0;
  #seq = 0;
  readonly #timers = new TimerHeap();

  constructor(options: SimClockOptions = {}) {
    this.startWallMs = Math.floor(options.startWallMs ?? MANUAL_EPOCH_MS);
    this.processUptimeMs = options.processUptimeMs ?? 86_400_000;
  }

  /** Simulated nanoseconds since time zero. */
  get elapsedNs(): number {
    return this.#elapsedNs;
  }

  get elapsedMs(): number {
    return this.#elapsedNs / 1e6;
  }

  /** Simulated wall-clock time in Unix ms (fractional). */
  nowWallMs(): number {
    return this.startWallMs + this.#elapsedNs / 1e6;
  }

  /** A simulated instant (ns since time zero) as Go would hold it: wall time plus monotonic reading. */
  instantAt(elapsedNs: number): GoInstant {
    const elapsed = BigInt(Math.round(elapsedNs));
    return {
      unixNs: BigInt(this.startWallMs) * 1_000_000n + elapsed,
      monoNs: BigInt(Math.round(this.processUptimeMs)) * 1_000_000n + elapsed,
    };
  }

  setTimeout(run: () => void, delayMs: number): SimTimer {
    const timer: SimTimer = {
      dueNs: this.#elapsedNs + Math.max(0, Math.round(delayMs * 1e6)),
      seq: this.#seq++,
      run,
      cancelled: false,
    };
    this.#timers.push(timer);
    return timer;
  }

  clearTimeout(timer: SimTimer | undefined): void {
    if (timer !== undefined) timer.cancelled = true;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance() needs a non-negative number of ms, got ${ms}`);
    const targetNs = this.#elapsedNs + Math.round(ms * 1e6);
    for (;;) {
      const next = this.#timers.peek();
      if (next === undefined || next.dueNs > targetNs) break;
      this.#timers.pop();
      if (next.cancelled) continue;
      this.#elapsedNs = Math.max(this.#elapsedNs, next.dueNs);
      next.run();
    }
    this.#elapsedNs = targetNs;
  }
}
