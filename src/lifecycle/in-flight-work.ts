/** What a piece of work is, for the drain's log lines. Never user text: it can be long or hostile. */
export interface WorkInfo {
  /** e.g. `slash_command`, `view_submission`, `button_click`, `approval_sweep`. */
  readonly kind: string;
  readonly correlationId?: string;
  /** Who and where, e.g. `/tikv by U0ONCALL in C0INCIDENT`. */
  readonly label: string;
}

export interface UnfinishedWork extends WorkInfo {
  readonly runningMs: number;
}

export interface WorkTicket {
  /** Marks the work finished; calling it again does nothing. */
  end(): void;
}

interface Running {
  readonly info: WorkInfo;
  readonly startedAt: number;
}

/**
 * The work the process has accepted and not finished: what a graceful shutdown waits for.
 * Whether to accept new work is the caller's decision (`draining` says when to stop); the tracker
 * only counts, so a refusal sent during the drain can be tracked like anything else.
 */
export class InFlightWork {
  readonly #running = new Map<number, Running>();
  readonly #idleWaiters: (() => void)[] = [];
  readonly #clock: { monotonic(): number };
  #nextId = 1;
  #draining = false;

  constructor(clock: { monotonic(): number }) {
    this.#clock = clock;
  }

  /** True once stopAccepting() was called: new work must be refused. */
  get draining(): boolean {
    return this.#draining;
  }

  get size(): number {
    return this.#running.size;
  }

  stopAccepting(): void {
    this.#draining = true;
  }

  begin(info: WorkInfo): WorkTicket {
    const id = this.#nextId++;
    this.#running.set(id, { info, startedAt: this.#clock.monotonic() });
    return {
      end: () => {
        if (!this.#running.delete(id) || this.#running.size > 0) return;
        for (const wake of this.#idleWaiters.splice(0)) wake();
      },
    };
  }

  /** Runs `work` as one tracked piece, however it ends. */
  async track<T>(info: WorkInfo, work: () => Promise<T>): Promise<T> {
    const ticket = this.begin(info);
    try {
      return await work();
    } finally {
      ticket.end();
    }
  }

  /** Resolves as soon as nothing is running (at once if nothing is). */
  whenIdle(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Oldest first. */
  unfinished(): UnfinishedWork[] {
    const now = this.#clock.monotonic();
    return [...this.#running.values()].map(({ info, startedAt }) => ({
      ...info,
      runningMs: Math.round(now - startedAt),
    }));
  }
}
