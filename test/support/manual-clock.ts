import type { Clock } from '../../src/core/engine/engine-clock.js';
import type { FollowUpTimers } from '../../src/core/follow-ups/follow-up-ports.js';

interface Timer {
  readonly dueMs: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

/**
 * Time that moves only when a test says so: a Clock and the follow-ups' timers in one. advance()
 * runs every timer that falls due, in due order, with the clock at its due time.
 */
export class ManualClock implements Clock, FollowUpTimers {
  #nowMs: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(start = new Date('2026-08-21T02:15:00Z')) {
    this.#nowMs = start.getTime();
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  monotonic(): number {
    return this.#nowMs;
  }

  set(ms: number, run: () => void): unknown {
    const timer: Timer = { dueMs: this.#nowMs + Math.max(0, ms), seq: this.#seq++, run, cancelled: false };
    this.#timers.push(timer);
    return timer;
  }

  clear(handle: unknown): void {
    if (handle !== undefined && handle !== null) (handle as Timer).cancelled = true;
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  advance(ms: number): void {
    const target = this.#nowMs + ms;
    for (;;) {
      this.#timers = this.#timers.filter((t) => !t.cancelled);
      this.#timers.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
      const next = this.#timers[0];
      if (next === undefined || next.dueMs > target) break;
      this.#timers.shift();
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      next.run();
    }
    this.#nowMs = target;
  }
}
