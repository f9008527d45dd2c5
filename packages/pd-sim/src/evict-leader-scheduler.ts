import type { ClusterState } from './cluster-state.js';
import { PdOperatorBuilder } from './pd-operator-builder.js';
import { PeerRole } from './region-table.js';
import { EVICT_LEADER } from './scheduler-registry.js';
import { SimOperator } from './sim-operator.js';
import type { SimTimer } from './timer-heap.js';

/**
 * Simulated time between scheduling rounds, and per evict operator. PD runs evict-leader rounds with
 * a 10 ms minimum interval and moves `batch` leaders per store per round; here a round runs every
 * 50 ms and each leader transfer takes 50 ms, so ~60 leaders/s per store: a few hundred leaders drain
 * in a few seconds of demo time, and leader-schedule-limit is not modelled.
 */
export const EVICT_ROUND_MS = 50;
export const EVICT_STEP_MS = 50;
/** Cap on region entries examined per store per round, so rounds stay cheap on million-region stores. */
const SCAN_BUDGET = 50_000;
export const DEFAULT_EVICT_BATCH = 3;

export type RemoveStoreOutcome = 'removed' | 'last-removed' | 'not-found';

/** The cluster-wide evict-leader-scheduler: a set of stores whose leaders it keeps moving away. */
export class EvictLeaderScheduler {
  readonly #cluster: ClusterState;
  readonly #stores = new Set<number>();
  readonly #cursor = new Map<number, number>();
  #timer: SimTimer | undefined;
  batch = DEFAULT_EVICT_BATCH;

  constructor(cluster: ClusterState) {
    this.#cluster = cluster;
  }

  get exists(): boolean {
    return this.#stores.size > 0;
  }

  storeIds(): number[] {
    return [...this.#stores].sort((a, b) => a - b);
  }

  has(storeId: number): boolean {
    return this.#stores.has(storeId);
  }

  /** Adds a store (idempotent). Returns PD's error text when the store is unknown. */
  addStore(storeId: bigint): string | undefined {
    const store = this.#cluster.store(storeId);
    if (store === undefined) return `[PD:core:ErrStoreNotFound]store ${storeId} not found`;
    this.#stores.add(store.id);
    store.pauseLeaderTransferIn = true;
    this.#ensureTicking();
    return undefined;
  }

  removeStore(storeId: number): RemoveStoreOutcome {
    if (!this.#stores.delete(storeId)) return 'not-found';
    this.#release(storeId);
    if (this.#stores.size > 0) return 'removed';
    this.#stop();
    return 'last-removed';
  }

  removeAll(): void {
    for (const id of this.#stores) this.#release(id);
    this.#stores.clear();
    this.#stop();
  }

  #release(storeId: number): void {
    const store = this.#cluster.store(storeId);
    if (store) store.pauseLeaderTransferIn = false;
    this.#cursor.delete(storeId);
  }

  #stop(): void {
    this.#cluster.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.batch = DEFAULT_EVICT_BATCH;
  }

  #ensureTicking(): void {
    if (this.#timer !== undefined) return;
    this.#timer = this.#cluster.clock.setTimeout(() => this.#round(), EVICT_ROUND_MS);
  }

  #round(): void {
    this.#timer = undefined;
    if (this.#stores.size === 0) return;
    if (!this.#cluster.schedulers.isPaused(EVICT_LEADER, this.#cluster.clock.nowWallMs())) {
      for (const storeId of this.storeIds()) this.#evictFrom(storeId);
    }
    this.#ensureTicking();
  }

  #evictFrom(storeId: number): void {
    const { regions, operators } = this.#cluster;
    if ((regions.leaderCount[storeId] ?? 0) === 0) return;
    const list = regions.byStore.regionsOf(storeId);
    const length = regions.byStore.count(storeId);
    let at = Math.min(this.#cursor.get(storeId) ?? 0, length);
    let created = 0;
    for (let seen = 0; seen < Math.min(length, SCAN_BUDGET) && created < this.batch; seen++) {
      if (at >= length) at = 0;
      const index = list[at++] ?? 0;
      if (regions.leaderStoreId(index) !== storeId || operators.runningOn(index)) continue;
      const targets = this.#candidates(index, storeId);
      const target = fewestLeaders(targets, regions.leaderCount);
      if (target === undefined) continue;
      // CreateTransferLeaderOperator(name, …, target, targets, OpLeader), evict_leader.go ~393.
      const built = new PdOperatorBuilder(this.#cluster, index, { skipOriginJointStateCheck: true })
        .setLeader(target)
        .setLeaders(targets)
        .build(['leader']);
      if (!built.ok) continue;
      const op = new SimOperator({
        desc: EVICT_LEADER,
        brief: built.brief,
        kinds: built.kinds,
        regionId: regions.idOf(index),
        regionIndex: index,
        epochVersion: regions.version[index] ?? 0,
        epochConfVer: regions.confVer[index] ?? 0,
        size: regions.sizeMib[index] ?? 0,
        steps: built.steps,
        stepMs: EVICT_STEP_MS,
        urgent: true,
      });
      if (operators.add(op, { recordRejection: false })) created++;
    }
    this.#cursor.set(storeId, at);
  }

  /**
   * The follower stores that pass the leader-target StoreStateFilter (evict_leader.go ~378–392); a
   * region's down or pending peers' stores never pass, as PD's fallback for unhealthy regions excludes them.
   */
  #candidates(index: number, leaderStoreId: number): number[] {
    const now = this.#cluster.clock.nowWallMs();
    return this.#cluster.regions
      .peers(index)
      .filter((peer) => peer.storeId !== leaderStoreId && peer.role !== PeerRole.Learner)
      .map((peer) => peer.storeId)
      .filter((id) => this.#cluster.store(id)?.acceptsLeader(now) === true);
  }
}

/** PD picks the target at random among the candidates; the simulator takes the one with fewest leaders. */
function fewestLeaders(candidates: readonly number[], leaderCount: Int32Array): number | undefined {
  let best: number | undefined;
  for (const id of candidates) {
    if (best === undefined || (leaderCount[id] ?? 0) < (leaderCount[best] ?? 0)) best = id;
  }
  return best;
}
