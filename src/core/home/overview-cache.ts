import type { Logger } from 'pino';
import type { ClusterOverview, ClusterOverviewSource } from './cluster-overview.js';

/** Long enough that a crowd opening Home at once costs one read; short enough to look live. */
export const OVERVIEW_TTL_MS = 15_000;

interface Entry {
  /** Monotonic time the read settled; undefined while it is in flight (then every open shares it). */
  settledAt?: number;
  readonly overview: Promise<ClusterOverview>;
}

/**
 * App Home refreshes on every open, so its PD reads are cached per cluster for a short TTL and
 * shared while in flight (single flight): twenty people opening Home at once cost one PD read per
 * cluster, and a cluster whose PD hangs costs one timeout however many wait for it. A failed read is
 * cached like a good one, for the same TTL, so a down PD is not hammered by every open.
 */
export class OverviewCache implements ClusterOverviewSource {
  readonly #source: ClusterOverviewSource;
  readonly #monotonic: () => number;
  readonly #ttlMs: number;
  readonly #logger: Logger;
  readonly #entries = new Map<string, Entry>();

  constructor(options: {
    source: ClusterOverviewSource;
    clock: { monotonic(): number };
    logger: Logger;
    ttlMs?: number;
  }) {
    this.#source = options.source;
    this.#monotonic = () => options.clock.monotonic();
    this.#ttlMs = options.ttlMs ?? OVERVIEW_TTL_MS;
    this.#logger = options.logger;
  }

  read(cluster: string, correlationId: string): Promise<ClusterOverview> {
    const entry = this.#entries.get(cluster);
    if (
      entry !== undefined &&
      (entry.settledAt === undefined || this.#monotonic() - entry.settledAt < this.#ttlMs)
    ) {
      this.#logger.debug(
        { decision: 'home_read_shared', cluster, correlationId, inFlight: entry.settledAt === undefined },
        'overview from the cache or a read in flight',
      );
      return entry.overview;
    }
    const fresh: Entry = {
      overview: this.#source.read(cluster, correlationId).then(
        (overview) => {
          // Dated when PD answered, so a read slower than the TTL is not immediately stale.
          fresh.settledAt = this.#monotonic();
          return overview;
        },
        (error: unknown) => {
          // A source is not supposed to throw; if it does, the next open tries again.
          if (this.#entries.get(cluster) === fresh) this.#entries.delete(cluster);
          throw error;
        },
      ),
    };
    this.#entries.set(cluster, fresh);
    return fresh.overview;
  }

  /** A settled entry only: a read in flight may predate the change, but it is already PD's latest. */
  forget(cluster: string): void {
    const entry = this.#entries.get(cluster);
    if (entry?.settledAt !== undefined) this.#entries.delete(cluster);
  }
}
