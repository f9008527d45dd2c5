import { StoreRegionIndex } from './store-region-index.js';

/** metapb.PeerRole numbers. */
export const PeerRole = { Voter: 0, Learner: 1, IncomingVoter: 2, DemotingVoter: 3 } as const;
export type PeerRoleNumber = (typeof PeerRole)[keyof typeof PeerRole];

/** Peer slots per region: 3 voters, a TiFlash learner and room for moves in flight. */
export const MAX_PEERS = 6;
/** Region i has ID FIRST_REGION_ID + i * ID_STRIDE; its three voters take the IDs in between, as PD allocates. */
export const FIRST_REGION_ID = 2;
export const ID_STRIDE = 4;

export interface RegionPeer {
  readonly id: number;
  readonly storeId: number;
  readonly role: PeerRoleNumber;
}

/** Per-region data as plain arrays, handed over by the topology builder. */
export interface RegionTableInit {
  readonly count: number;
  readonly maxStoreId: number;
  readonly peerStore: Uint32Array;
  readonly peerId: Uint32Array;
  readonly peerRole: Uint8Array;
  readonly peerCount: Uint8Array;
  readonly leaderSlot: Int8Array;
  readonly confVer: Uint32Array;
  readonly version: Uint32Array;
  readonly sizeMib: Uint16Array;
  readonly keys: Uint32Array;
}

/**
 * Every region in struct-of-arrays form (about 60 bytes per region, no per-region objects), so a
 * million regions fit in well under 100 MB. Region lookup by ID is arithmetic. All peer and leader
 * changes go through the methods here, which keep the per-store counters and index in step.
 */
export class RegionTable {
  readonly count: number;
  readonly peerStore: Uint32Array;
  readonly peerId: Uint32Array;
  readonly peerRole: Uint8Array;
  readonly peerCount: Uint8Array;
  readonly leaderSlot: Int8Array;
  readonly confVer: Uint32Array;
  readonly version: Uint32Array;
  readonly sizeMib: Uint16Array;
  readonly keys: Uint32Array;
  readonly byStore: StoreRegionIndex;
  readonly leaderCount: Int32Array;
  readonly peerCountOnStore: Int32Array;
  readonly learnerCount: Int32Array;
  readonly leaderSize: Float64Array;
  readonly regionSize: Float64Array;

  constructor(init: RegionTableInit) {
    this.count = init.count;
    this.peerStore = init.peerStore;
    this.peerId = init.peerId;
    this.peerRole = init.peerRole;
    this.peerCount = init.peerCount;
    this.leaderSlot = init.leaderSlot;
    this.confVer = init.confVer;
    this.version = init.version;
    this.sizeMib = init.sizeMib;
    this.keys = init.keys;
    const stores = init.maxStoreId + 1;
    this.leaderCount = new Int32Array(stores);
    this.peerCountOnStore = new Int32Array(stores);
    this.learnerCount = new Int32Array(stores);
    this.leaderSize = new Float64Array(stores);
    this.regionSize = new Float64Array(stores);
    for (let r = 0; r < this.count; r++) {
      const base = r * MAX_PEERS;
      const n = this.peerCount[r] ?? 0;
      for (let s = 0; s < n; s++) {
        const store = this.peerStore[base + s] ?? 0;
        this.peerCountOnStore[store] = (this.peerCountOnStore[store] ?? 0) + 1;
      }
    }
    this.byStore = new StoreRegionIndex({
      maxStoreId: init.maxStoreId,
      regionCount: this.count,
      slotsPerRegion: MAX_PEERS,
      peersPerStore: this.peerCountOnStore,
      findSlot: (regionIndex, storeId) => this.slotOf(regionIndex, storeId),
    });
    this.peerCountOnStore.fill(0);
    for (let r = 0; r < this.count; r++) {
      const n = this.peerCount[r] ?? 0;
      for (let s = 0; s < n; s++) {
        this.byStore.add(this.peerStore[r * MAX_PEERS + s] ?? 0, r, s);
        this.#countPeer(r, s, 1);
      }
      const leader = this.leaderSlot[r] ?? -1;
      if (leader >= 0) this.#countLeader(r, leader, 1);
    }
  }

  /** Region index for an ID, or -1. */
  indexOf(regionId: number): number {
    const offset = regionId - FIRST_REGION_ID;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset % ID_STRIDE !== 0) return -1;
    const index = offset / ID_STRIDE;
    return index < this.count ? index : -1;
  }

  idOf(index: number): number {
    return FIRST_REGION_ID + index * ID_STRIDE;
  }

  /** First ID above everything the initial layout used; new peers are allocated from here. */
  get firstFreeId(): number {
    return FIRST_REGION_ID + this.count * ID_STRIDE;
  }

  slotOf(index: number, storeId: number): number {
    const base = index * MAX_PEERS;
    const n = this.peerCount[index] ?? 0;
    for (let s = 0; s < n; s++) if (this.peerStore[base + s] === storeId) return s;
    return -1;
  }

  peers(index: number): RegionPeer[] {
    const base = index * MAX_PEERS;
    const n = this.peerCount[index] ?? 0;
    const out: RegionPeer[] = [];
    for (let s = 0; s < n; s++) {
      out.push({
        id: this.peerId[base + s] ?? 0,
        storeId: this.peerStore[base + s] ?? 0,
        role: (this.peerRole[base + s] ?? 0) as PeerRoleNumber,
      });
    }
    return out;
  }

  peerOnStore(index: number, storeId: number): RegionPeer | undefined {
    const slot = this.slotOf(index, storeId);
    if (slot < 0) return undefined;
    const at = index * MAX_PEERS + slot;
    return { id: this.peerId[at] ?? 0, storeId, role: (this.peerRole[at] ?? 0) as PeerRoleNumber };
  }

  leaderStoreId(index: number): number | undefined {
    const slot = this.leaderSlot[index] ?? -1;
    return slot < 0 ? undefined : this.peerStore[index * MAX_PEERS + slot];
  }

  setLeader(index: number, storeId: number): void {
    const slot = this.slotOf(index, storeId);
    if (slot < 0) throw new Error(`region ${this.idOf(index)} has no peer on store ${storeId}`);
    const old = this.leaderSlot[index] ?? -1;
    if (old === slot) return;
    if (old >= 0) this.#countLeader(index, old, -1);
    this.leaderSlot[index] = slot;
    this.#countLeader(index, slot, 1);
  }

  /** The region has no leader (e.g. just after an election timeout), as PD sees before the next heartbeat. */
  clearLeader(index: number): void {
    const old = this.leaderSlot[index] ?? -1;
    if (old < 0) return;
    this.#countLeader(index, old, -1);
    this.leaderSlot[index] = -1;
  }

  addPeer(index: number, peer: RegionPeer): void {
    const n = this.peerCount[index] ?? 0;
    if (n >= MAX_PEERS) throw new Error(`region ${this.idOf(index)} has no room for another peer`);
    if (this.slotOf(index, peer.storeId) >= 0) {
      throw new Error(`region ${this.idOf(index)} already has a peer on store ${peer.storeId}`);
    }
    const at = index * MAX_PEERS + n;
    this.peerStore[at] = peer.storeId;
    this.peerId[at] = peer.id;
    this.peerRole[at] = peer.role;
    this.peerCount[index] = n + 1;
    this.byStore.add(peer.storeId, index, n);
    this.#countPeer(index, n, 1);
  }

  removePeer(index: number, storeId: number): void {
    const slot = this.slotOf(index, storeId);
    if (slot < 0) return;
    const base = index * MAX_PEERS;
    const leader = this.leaderSlot[index] ?? -1;
    if (leader === slot) {
      this.#countLeader(index, slot, -1);
      this.leaderSlot[index] = -1;
    } else if (leader > slot) {
      this.leaderSlot[index] = leader - 1;
    }
    this.#countPeer(index, slot, -1);
    this.byStore.remove(storeId, index, slot);
    const n = this.peerCount[index] ?? 0;
    for (let s = slot; s < n - 1; s++) {
      this.peerStore[base + s] = this.peerStore[base + s + 1] ?? 0;
      this.peerId[base + s] = this.peerId[base + s + 1] ?? 0;
      this.peerRole[base + s] = this.peerRole[base + s + 1] ?? 0;
      this.byStore.moveSlot(index, s + 1, s);
    }
    this.peerCount[index] = n - 1;
  }

  setRole(index: number, storeId: number, role: PeerRoleNumber): void {
    const slot = this.slotOf(index, storeId);
    if (slot < 0) return;
    const at = index * MAX_PEERS + slot;
    if (this.peerRole[at] === PeerRole.Learner)
      this.learnerCount[storeId] = (this.learnerCount[storeId] ?? 0) - 1;
    this.peerRole[at] = role;
    if (role === PeerRole.Learner) this.learnerCount[storeId] = (this.learnerCount[storeId] ?? 0) + 1;
  }

  #countPeer(index: number, slot: number, sign: 1 | -1): void {
    const at = index * MAX_PEERS + slot;
    const store = this.peerStore[at] ?? 0;
    this.peerCountOnStore[store] = (this.peerCountOnStore[store] ?? 0) + sign;
    this.regionSize[store] = (this.regionSize[store] ?? 0) + sign * (this.sizeMib[index] ?? 0);
    if (this.peerRole[at] === PeerRole.Learner) {
      this.learnerCount[store] = (this.learnerCount[store] ?? 0) + sign;
    }
  }

  #countLeader(index: number, slot: number, sign: 1 | -1): void {
    const store = this.peerStore[index * MAX_PEERS + slot] ?? 0;
    this.leaderCount[store] = (this.leaderCount[store] ?? 0) + sign;
    this.leaderSize[store] = (this.leaderSize[store] ?? 0) + sign * (this.sizeMib[index] ?? 0);
  }
}
