export interface Clock {
  /** Wall-clock time, for messages, expiry and audit. */
  now(): Date;
  /** Monotonic milliseconds, for durations. */
  monotonic(): number;
}

export const systemClock: Clock = { now: () => new Date(), monotonic: () => performance.now() };
