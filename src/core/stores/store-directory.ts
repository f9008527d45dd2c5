/**
 * What the bot knows about a cluster's stores and one region at a time, read from PD and cached
 * (pickers, form context, App Home). A port: src/subjects/tikv implements it over PD's
 * `GET /stores` and `GET /region/id/{id}`, never anything that grows with the number of regions.
 */

/** One store, as PD's StoreInfo describes it (only what pickers and summaries show). */
export interface StoreSummary {
  readonly id: number;
  readonly address: string;
  /** PD's state_name: Up, Offline, Tombstone, Disconnected or Down. */
  readonly stateName: string;
  readonly labels: readonly { readonly key: string; readonly value: string }[];
  readonly leaderCount: number;
  readonly regionCount: number;
  /** status.pause_leader_transfer_in: the store is in evict-leader-scheduler's list. */
  readonly evicting: boolean;
}

/** Every store PD lists (Up and Offline; PD leaves Tombstone out of `GET /stores`). */
export interface StoreSnapshot {
  readonly cluster: string;
  /** Sorted by id. */
  readonly stores: readonly StoreSummary[];
  /** When PD answered, ms since the epoch on the engine's clock. */
  readonly readAt: number;
}

/** One region's peers as pickers and warnings need them. */
export interface RegionPeers {
  readonly id: number;
  /** Undefined while the region has no leader. */
  readonly leaderStoreId?: number;
  readonly peers: readonly {
    readonly storeId: number;
    /** Voter, Learner, IncomingVoter, DemotingVoter. */
    readonly role: string;
    readonly down: boolean;
    readonly pending: boolean;
  }[];
}

export type DirectoryErrorCode =
  /** PD did not answer within the caller's wait (the read goes on and fills the cache). */
  | 'PD_SLOW'
  /** PD failed the read: HTTP error or transport error (detail says which). */
  | 'PD_FAILED'
  /** PD answered 2xx with something that is not the expected JSON. */
  | 'PD_UNEXPECTED_BODY'
  | 'UNKNOWN_CLUSTER';

export interface DirectoryError {
  readonly code: DirectoryErrorCode;
  /** Plain words, e.g. "PD answered HTTP 503" or "PD_CONNECTION_REFUSED". */
  readonly detail: string;
}

export type StoresAnswer =
  | {
      readonly ok: true;
      readonly snapshot: StoreSnapshot;
      /** False when PD could not refresh it in time and an older copy is answered instead. */
      readonly fresh: boolean;
    }
  | { readonly ok: false; readonly error: DirectoryError };

export type RegionAnswer =
  | { readonly ok: true; readonly region: RegionPeers }
  /** PD's three "no such region" answers: 404, `null`, a zero-valued region. */
  | { readonly ok: true; readonly region: undefined }
  | { readonly ok: false; readonly error: DirectoryError };

export interface DirectoryReadOptions {
  /** How long the caller can wait for PD (Slack gives an options request 3 s in all). */
  readonly waitMs: number;
  /** Sent to PD as X-Request-Id. */
  readonly correlationId?: string;
}

export interface StoreDirectory {
  /**
   * The cluster's stores: cached for a short time, one PD read at a time per cluster however many
   * callers ask, an older copy when PD is slow, an error when there is none.
   */
  stores(cluster: string, options: DirectoryReadOptions): Promise<StoresAnswer>;
  /** One region's leader and peers, cached and shared the same way. */
  region(cluster: string, regionId: number, options: DirectoryReadOptions): Promise<RegionAnswer>;
}
