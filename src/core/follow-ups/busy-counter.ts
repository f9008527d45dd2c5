import type { Logger } from 'pino';

/** Counts work under way (polls, verify reads) so callers can wait until none is. */
export class BusyCounter {
  readonly #logger: Logger;
  readonly #idleWaiters: (() => void)[] = [];
  #busy = 0;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Resolves when no work is under way. */
  idle(): Promise<void> {
    if (this.#busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Runs the work counted as busy; a failure is logged, never thrown (it runs from a timer). */
  async run(work: () => Promise<void>): Promise<void> {
    this.#busy++;
    try {
      await work();
    } catch (error) {
      this.#logger.error({ decision: 'follow_up_error', err: error }, 'follow-up poll failed inside the bot');
    } finally {
      this.#busy--;
      if (this.#busy === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    }
  }
}
