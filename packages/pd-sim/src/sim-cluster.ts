import type { ClusterState } from './cluster-state.js';
import { buildDefaultTopology } from './default-topology.js';
import { EvictLeaderScheduler } from './evict-leader-scheduler.js';
import { OperatorController } from './operator-controller.js';
import { PdMembers } from './pd-members.js';
import { regionEndKey, regionStartKey } from './region-keys.js';
import type { RegionSnapshot } from './region-snapshot.js';
import { RegionTable } from './region-table.js';
import { SchedulerRegistry } from './scheduler-registry.js';
import { SeededRandom } from './seeded-random.js';
import type { SimClock } from './sim-clock.js';
import { SimStore, type StoreMetaState } from './sim-store.js';

export interface SimClusterOptions {
  readonly seed: number;
  readonly stores: number;
  readonly regions: number;
  readonly clock: SimClock;
  readonly version: string;
}

export type { RegionSnapshot } from './region-snapshot.js';

export interface StoreStats {
  readonly leaderCount: number;
  readonly regionCount: number;
  readonly learnerCount: number;
  readonly leaderSize: number;
  readonly regionSize: number;
}

/**
 * The simulated PD's whole state: stores, regions, operators, schedulers and members. Tests may read
 * and adjust it directly (set a leader, stop a store's heartbeats) between HTTP calls.
 */
export class SimCluster implements ClusterState {
  readonly clock: SimClock;
  readonly version: string;
  readonly regions: RegionTable;
  readonly tiflashStoreId: number;
  readonly operators: OperatorController;
  readonly evictLeader: EvictLeaderScheduler;
  readonly schedulers: SchedulerRegistry;
  readonly members: PdMembers;
  readonly #stores: (SimStore | undefined)[] = [];
  #nextId: number;

  constructor(options: SimClusterOptions) {
    this.clock = options.clock;
    this.version = options.version;
    const topology = buildDefaultTopology({
      seed: options.seed,
      stores: options.stores,
      regions: options.regions,
      startWallMs: options.clock.startWallMs,
      version: options.version,
    });
    for (const init of topology.stores) this.#stores[init.id] = new SimStore(init);
    this.tiflashStoreId = topology.tiflashStoreId;
    this.regions = new RegionTable(topology.regions);
    this.#nextId = topology.nextId;
    this.members = new PdMembers(new SeededRandom(options.seed + 1), options.version);
    this.operators = new OperatorController({
      clock: this.clock,
      regions: this.regions,
      store: (id) => this.store(id),
    });
    this.evictLeader = new EvictLeaderScheduler(this);
    this.schedulers = new SchedulerRegistry(this.evictLeader);
  }

  /** PD's ID allocator, shared by new peers. */
  allocId(): number {
    return this.#nextId++;
  }

  store(id: number | bigint): SimStore | undefined {
    const n = typeof id === 'bigint' ? (id <= BigInt(this.#stores.length) ? Number(id) : -1) : id;
    return Number.isInteger(n) && n >= 0 ? this.#stores[n] : undefined;
  }

  /** Stores in ID order. */
  listStores(): SimStore[] {
    return this.#stores.filter((s): s is SimStore => s !== undefined);
  }

  storeStats(id: number): StoreStats {
    const r = this.regions;
    return {
      leaderCount: r.leaderCount[id] ?? 0,
      regionCount: r.peerCountOnStore[id] ?? 0,
      learnerCount: r.learnerCount[id] ?? 0,
      leaderSize: r.leaderSize[id] ?? 0,
      regionSize: r.regionSize[id] ?? 0,
    };
  }

  regionIndexOf(id: number | bigint): number {
    if (typeof id === 'bigint')
      return id > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : this.regions.indexOf(Number(id));
    return this.regions.indexOf(id);
  }

  /** Region ID of the i-th region in key order. */
  regionIdAt(index: number): number {
    return this.regions.idOf(index);
  }

  region(id: number): RegionSnapshot | undefined {
    const index = this.regions.indexOf(id);
    return index < 0 ? undefined : this.snapshotAt(index);
  }

  snapshotAt(index: number): RegionSnapshot {
    const r = this.regions;
    return {
      id: r.idOf(index),
      startKey: regionStartKey(index),
      endKey: regionEndKey(index, r.count),
      confVer: r.confVer[index] ?? 0,
      version: r.version[index] ?? 0,
      peers: r.peers(index),
      leaderStoreId: r.leaderStoreId(index),
      approximateSize: r.sizeMib[index] ?? 0,
      approximateKeys: r.keys[index] ?? 0,
    };
  }

  /** Test hook: move a region's leader instantly (the store must hold a peer of it). */
  setLeader(regionId: number, storeId: number): void {
    const index = this.regions.indexOf(regionId);
    if (index < 0) throw new Error(`no region ${regionId}`);
    this.regions.setLeader(index, storeId);
  }

  /** Test hook: the region reports no leader. */
  clearLeader(regionId: number): void {
    const index = this.regions.indexOf(regionId);
    if (index < 0) throw new Error(`no region ${regionId}`);
    this.regions.clearLeader(index);
  }

  /** Test hook: Up, Offline or Tombstone (Down and Disconnected come from missing heartbeats). */
  setStoreState(storeId: number, state: StoreMetaState): void {
    this.#requireStore(storeId).state = state;
  }

  /** Test hook: the store's last heartbeat was `agoMs` ago and no more come (>20 s Disconnected, >30 min Down). */
  stopHeartbeats(storeId: number, agoMs = 0): void {
    this.#requireStore(storeId).heartbeatStoppedAtWallMs = this.clock.nowWallMs() - agoMs;
  }

  resumeHeartbeats(storeId: number): void {
    this.#requireStore(storeId).heartbeatStoppedAtWallMs = undefined;
  }

  #requireStore(storeId: number): SimStore {
    const store = this.store(storeId);
    if (store === undefined) throw new Error(`no store ${storeId}`);
    return store;
  }
}
