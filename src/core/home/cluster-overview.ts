/**
 * What App Home shows about one cluster, read from PD with bounded reads only (the store list and
 * the evict-leader list, both O(stores)): a summary of the stores, the ones needing attention, and
 * the stores being drained. Each part says whether PD answered, so one cluster being down shows as
 * that cluster's problem only.
 */
export interface StoreAttentionLine {
  readonly id: number;
  readonly address: string;
  readonly stateName: string;
  readonly leaderCount: number;
  readonly regionCount: number;
  /** Why it needs attention, most serious first (offline, down, slow, evicting, low space). */
  readonly reasons: readonly string[];
}

export interface StoresSummary {
  readonly total: number;
  /** Counts by PD's state_name, in the order PD first lists each state. */
  readonly byState: readonly (readonly [state: string, count: number])[];
  /** Every store needing attention, by id; renderers show the first few and count the rest. */
  readonly attention: readonly StoreAttentionLine[];
}

export interface DrainLine {
  readonly storeId: number;
  /** From the store list, when PD listed the store: what is left to move. */
  readonly leaderCount?: number;
  readonly stateName?: string;
}

/** A read PD did not answer with 2xx: the transport's code, or PD's status. */
export interface OverviewProblem {
  /** `PD_CONNECTION_REFUSED`, `HTTP 500`, `UNREADABLE` (a 200 the bot could not parse), … */
  readonly code: string;
  readonly message: string;
}

export type OverviewPart<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: OverviewProblem };

export interface ClusterOverview {
  readonly cluster: string;
  /** When PD was read (engine clock): Home says how fresh its numbers are. */
  readonly readAt: Date;
  readonly stores: OverviewPart<StoresSummary>;
  /** Stores under evict-leader-scheduler; an empty list when the scheduler does not exist (404). */
  readonly drains: OverviewPart<readonly DrainLine[]>;
}

/** Reads one cluster's overview from its PD. Never throws: a failed read is a problem in the result. */
export interface ClusterOverviewSource {
  read(cluster: string, correlationId: string): Promise<ClusterOverview>;
  /**
   * Drops what is cached for the cluster, so the next read asks PD: a change PD just accepted there
   * (a drain started or undone) should show on the Home drawn after it, not a TTL later.
   */
  forget?(cluster: string): void;
}
