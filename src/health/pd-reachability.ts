import type { PartState, Readiness } from './readiness.js';

/** How often each cluster's PD is asked again for /readyz (default 15 s). */
export const PD_REPROBE_MS = 15_000;

export interface PdReachabilityOptions {
  readonly readiness: Readiness;
  /** One cheap read per cluster (GET /pd/api/v1/version); resolves when PD answered 2xx. */
  readonly probes: ReadonlyMap<string, () => Promise<unknown>>;
  readonly intervalMs?: number;
}

/**
 * Keeps each cluster's PD part of /readyz current with one probe per cluster per interval, never
 * more than one in flight per cluster (a PD slower than the interval is not asked twice), each
 * bounded by the PD client's own connect and response deadlines.
 */
export class PdReachability {
  readonly #options: PdReachabilityOptions;
  readonly #inFlight = new Map<string, Promise<void>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: PdReachabilityOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.probeNow(), this.#options.intervalMs ?? PD_REPROBE_MS);
    // A health timer never keeps the process alive on its own.
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Probes every cluster now (those already being probed are left to finish), resolving when all have. */
  async probeNow(): Promise<void> {
    await Promise.all(
      [...this.#options.probes].map(([cluster, probe]) => {
        let running = this.#inFlight.get(cluster);
        if (running === undefined) {
          running = probe()
            .then(
              () => this.#options.readiness.setPd(cluster, { ok: true }),
              (error: unknown) => this.#options.readiness.setPd(cluster, pdDown(error)),
            )
            .finally(() => this.#inFlight.delete(cluster));
          this.#inFlight.set(cluster, running);
        }
        return running;
      }),
    );
  }
}

/** The error's stable code (PD_CONNECTION_REFUSED, PD_HTTP_ERROR …) and status, never PD's body. */
export function pdDown(error: unknown): PartState {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  const what = typeof code === 'string' ? code : 'no answer';
  return {
    ok: false,
    detail: `PD unreachable: ${what}${typeof status === 'number' ? ` HTTP ${status}` : ''}`,
  };
}
