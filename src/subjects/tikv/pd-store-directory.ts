import type { Clock } from '../../core/engine/engine-clock.js';
import { isPdError, type PdError } from '../../core/pd/pd-errors.js';
import type { PdTransport } from '../../core/pd/pd-port.js';
import type { PdRequest } from '../../core/pd/pd-request.js';
import type {
  DirectoryError,
  DirectoryReadOptions,
  RegionAnswer,
  RegionPeers,
  StoreDirectory,
  StoreSnapshot,
  StoreSummary,
  StoresAnswer,
} from '../../core/stores/store-directory.js';
import { readRegionPeers } from './read-region-peers.js';
import { type ReadOutcome, SharedRead } from './shared-read.js';
import { readStoreInfos } from './store-info-view.js';

/** ~1.2 KB a store (as the `stores` view): 32 MiB covers about 26,000 stores. */
const STORES: PdRequest = { method: 'GET', path: '/pd/api/v1/stores', maxBodyBytes: 32 * 1024 * 1024 };

export interface PdStoreDirectoryOptions {
  /** One PD transport per cluster, by cluster name. */
  readonly transports: ReadonlyMap<string, PdTransport>;
  readonly clock: Clock;
  /** The store list is served without asking PD for this long (default 15 s). */
  readonly storesFreshMs?: number;
  /** A region's peers are served without asking PD for this long (default 5 s). */
  readonly regionFreshMs?: number;
  /** How old an answer may be and still stand in for a slow or failing PD (default 5 min). */
  readonly staleMs?: number;
  /** After PD failed, how long before it is asked again (default 2 s). */
  readonly failureMs?: number;
  /** Regions remembered per cluster (default 256; the oldest is forgotten first). */
  readonly maxRegions?: number;
}

/**
 * The StoreDirectory over PD: `GET /stores` once per cluster per freshness window, and
 * `GET /region/id/{id}` per region the same way, whatever the number of people typing. O(stores)
 * and O(1) reads only; never a read that grows with the number of regions.
 */
export class PdStoreDirectory implements StoreDirectory {
  readonly #options: PdStoreDirectoryOptions;
  readonly #stores = new Map<string, SharedRead<Omit<StoreSnapshot, 'readAt'>>>();
  readonly #regions = new Map<string, Map<number, SharedRead<RegionPeers | 'not_found'>>>();

  constructor(options: PdStoreDirectoryOptions) {
    this.#options = options;
  }

  /** PD reads started so far for a cluster's store list (tests, benchmarks). */
  storeReads(cluster: string): number {
    return this.#stores.get(cluster)?.reads ?? 0;
  }

  async stores(cluster: string, options: DirectoryReadOptions): Promise<StoresAnswer> {
    const pd = this.#options.transports.get(cluster);
    if (pd === undefined) return { ok: false, error: unknownCluster(cluster) };
    let shared = this.#stores.get(cluster);
    if (shared === undefined) {
      shared = this.#shared(this.#options.storesFreshMs ?? 15_000, () =>
        readJson(pd, STORES, options.correlationId, (body) => parseStores(cluster, body)),
      );
      this.#stores.set(cluster, shared);
    }
    const answer = await shared.get(options.waitMs, () => this.#options.clock.now().getTime());
    if (!answer.ok) return answer;
    return { ok: true, snapshot: { ...answer.value, readAt: answer.at }, fresh: answer.fresh };
  }

  async region(cluster: string, regionId: number, options: DirectoryReadOptions): Promise<RegionAnswer> {
    const pd = this.#options.transports.get(cluster);
    if (pd === undefined) return { ok: false, error: unknownCluster(cluster) };
    let regions = this.#regions.get(cluster);
    if (regions === undefined) {
      regions = new Map();
      this.#regions.set(cluster, regions);
    }
    let shared = regions.get(regionId);
    if (shared === undefined) {
      const request: PdRequest = { method: 'GET', path: `/pd/api/v1/region/id/${regionId}` };
      // Master answers an unknown region with 404 (pd-api.md §5.1): one of PD's three "not found".
      shared = this.#shared(this.#options.regionFreshMs ?? 5_000, () =>
        readJson(pd, request, options.correlationId, readRegionPeers, 'not_found' as const),
      );
      regions.set(regionId, shared);
      const max = this.#options.maxRegions ?? 256;
      // Maps keep insertion order: the first key is the region asked about longest ago.
      if (regions.size > max) regions.delete(regions.keys().next().value as number);
    }
    const answer = await shared.get(options.waitMs, () => this.#options.clock.now().getTime());
    if (!answer.ok) return answer;
    return { ok: true, region: answer.value === 'not_found' ? undefined : answer.value };
  }

  #shared<T>(freshMs: number, read: () => Promise<ReadOutcome<T>>): SharedRead<T> {
    return new SharedRead({
      read,
      monotonic: () => this.#options.clock.monotonic(),
      freshMs,
      staleMs: this.#options.staleMs ?? 5 * 60_000,
      failureMs: this.#options.failureMs ?? 2_000,
    });
  }
}

function unknownCluster(cluster: string): DirectoryError {
  return { code: 'UNKNOWN_CLUSTER', detail: `no cluster named ${cluster}` };
}

async function readJson<T>(
  pd: PdTransport,
  request: PdRequest,
  correlationId: string | undefined,
  parse: (body: string) => T | undefined,
  /** What an HTTP 404 means, when it is an answer rather than a failure. */
  on404?: T,
): Promise<ReadOutcome<T>> {
  try {
    const response = await pd.send(request, correlationId !== undefined ? { correlationId } : {});
    const value = response.truncatedAtBytes === undefined ? parse(response.rawBody) : undefined;
    if (value === undefined) {
      return {
        ok: false,
        error: { code: 'PD_UNEXPECTED_BODY', detail: `PD's answer to ${request.path} is not what PD sends` },
      };
    }
    return { ok: true, value };
  } catch (error) {
    if (!isPdError(error)) {
      return {
        ok: false,
        error: { code: 'PD_FAILED', detail: error instanceof Error ? error.message : String(error) },
      };
    }
    if (on404 !== undefined && error.code === 'PD_HTTP_ERROR' && error.status === 404) {
      return { ok: true, value: on404 };
    }
    return { ok: false, error: { code: 'PD_FAILED', detail: describe(error) } };
  }
}

function describe(error: PdError): string {
  return error.code === 'PD_HTTP_ERROR' ? `PD answered HTTP ${error.status}` : error.code;
}

/** `{"count":N,"stores":[StoreInfo…]}` → summaries sorted by id; undefined when it is not that. */
function parseStores(cluster: string, body: string): Omit<StoreSnapshot, 'readAt'> | undefined {
  const views = readStoreInfos(body);
  if (views === undefined) return undefined;
  // Summaries only: the full StoreInfo of 10,000 stores is not kept for a picker.
  const stores: StoreSummary[] = views.map((view) => ({
    id: view.id,
    address: view.address,
    stateName: view.stateName,
    labels: view.labels,
    leaderCount: view.leaderCount,
    regionCount: view.regionCount,
    evicting: view.evicting,
  }));
  stores.sort((a, b) => a.id - b.id);
  return { cluster, stores };
}
