import { releaseOf } from './pd-build.js';
import { FIRST_REGION_ID, ID_STRIDE, MAX_PEERS, PeerRole, type RegionTableInit } from './region-table.js';
import { SeededRandom } from './seeded-random.js';
import type { SimStoreInit } from './sim-store.js';

/**
 * The cluster every simulator starts with. Defaults (seed 1, 6 TiKV stores, 1,000 regions):
 *
 * Stores (zone label az1/az2/az3 by (id-1) % 3, host label tikv-<id-1>):
 *   1 Up (az1)   2 Up (az2)   3 Up (az3)   4 Up (az1)
 *   5 Offline (az2, node_state Removing; still holds peers, never leaders)
 *   6 Down (az3, metapb state Up but no heartbeat for 2 h; its peers show as down/pending)
 *   7 TiFlash (labels engine=tiflash, zone az1; Up; holds learners only)
 * With `stores: N` the TiKV stores are 1..N (5 and 6 keep their Offline/Down roles when present) and
 * the TiFlash store is N+1.
 *
 * Regions: IDs 2, 6, 10, … (4 apart; the three voter peer IDs sit in between, as PD allocates them),
 * one voter per zone, at least two voters on healthy stores, the leader on an Up store, about 10 %
 * with a TiFlash learner (peer IDs above all region IDs). Keys are consecutive table ranges.
 *
 * Demo facts that hold for every seed (as long as the region and store exist):
 *   region 42: voters on 4, 2 (leader), 3 and a TiFlash learner on 7
 *     → `transfer-leader 42 4` succeeds; `42 7` gives "region has no voter in store 7";
 *       `42 2` gives "no operator step is built"; `42 1` gives "region has no voter in store 1".
 *   region 46: voters on 1 (leader), 5 (Offline), 3 → `transfer-leader 46 5` is "target leader is not allowed".
 *   region 50: voters on 4 (leader), 2, 6 (Down, in down_peers and pending_peers) →
 *     `transfer-leader 50 6` gives "cannot transfer leader to 6: unhealthy" (the unhealthy-peer check
 *     comes before the leader filter);
 *     `transfer-peer 50 6 3` moves the dead replica to store 3.
 */
export const DEMO_REGIONS = {
  /** Voters 4, 2 (leader), 3; TiFlash learner on 7. */
  transferLeaderTo4: 42,
  /** Voter on the Offline store 5, leader on 1. */
  voterOnOfflineStore: 46,
  /** Leader on 4, voter on the Down store 6. */
  voterOnDownStore: 50,
} as const;

export const OFFLINE_STORE_ID = 5;
export const DOWN_STORE_ID = 6;

export interface TopologyOptions {
  readonly seed: number;
  /** TiKV stores (at least 3). */
  readonly stores: number;
  readonly regions: number;
  readonly startWallMs: number;
  readonly version: string;
}

export interface Topology {
  readonly stores: SimStoreInit[];
  readonly tiflashStoreId: number;
  readonly regions: RegionTableInit;
  /** Next free ID for new peers. */
  readonly nextId: number;
}

const TIB = 1024 ** 4;
const ZONES = 3;
/** Chance to keep a pick that landed on the Offline or Down store (fewer peers there, as in a drain). */
const KEEP_UNHEALTHY_PICK = 0.6;
const TIFLASH_SHARE = 0.1;

export function buildDefaultTopology(options: TopologyOptions): Topology {
  if (!Number.isInteger(options.stores) || options.stores < ZONES) {
    throw new RangeError(`pd-sim needs at least ${ZONES} TiKV stores, got ${options.stores}`);
  }
  if (!Number.isInteger(options.regions) || options.regions < 1) {
    throw new RangeError(`pd-sim needs at least one region, got ${options.regions}`);
  }
  const rng = new SeededRandom(options.seed);
  const stores = buildStores(options, rng);
  const tiflashStoreId = options.stores + 1;
  const { regions, nextId } = buildRegions(options, rng, tiflashStoreId);
  return { stores, tiflashStoreId, regions, nextId };
}

function buildStores(options: TopologyOptions, rng: SeededRandom): SimStoreInit[] {
  const tikvVersion = releaseOf(options.version);
  const stores: SimStoreInit[] = [];
  for (let id = 1; id <= options.stores; id++) {
    const host = `tikv-${id - 1}`;
    const address = `${host}.tikv-peer.tidb.svc`;
    stores.push({
      id,
      address: `${address}:20160`,
      statusAddress: `${address}:20180`,
      labels: [
        { key: 'zone', value: `az${((id - 1) % ZONES) + 1}` },
        { key: 'host', value: host },
      ],
      version: tikvVersion,
      gitHash: rng.hex(40),
      deployPath: '/tikv',
      tiflash: false,
      state: id === OFFLINE_STORE_ID ? 'Offline' : 'Up',
      startWallMs: options.startWallMs - 86_400_000 - rng.int(0, 7_200_000),
      ...(id === DOWN_STORE_ID && { heartbeatStoppedAtWallMs: options.startWallMs - 7_200_000 }),
      capacityBytes: 2 * TIB,
    });
  }
  stores.push({
    id: options.stores + 1,
    address: 'tiflash-0.tiflash-peer.tidb.svc:3930',
    statusAddress: 'tiflash-0.tiflash-peer.tidb.svc:20292',
    labels: [
      { key: 'engine', value: 'tiflash' },
      { key: 'zone', value: 'az1' },
    ],
    version: `v${tikvVersion}`,
    gitHash: rng.hex(40),
    deployPath: '/tiflash',
    tiflash: true,
    state: 'Up',
    startWallMs: options.startWallMs - 86_400_000 - rng.int(0, 7_200_000),
    capacityBytes: 4 * TIB,
  });
  return stores;
}

function isUnhealthyStore(id: number): boolean {
  return id === OFFLINE_STORE_ID || id === DOWN_STORE_ID;
}

/** Forced voter layouts (zone order az1, az2, az3) and leaders for the documented demo regions. */
function demoLayout(
  index: number,
  tikvStores: number,
): { voters: number[]; leader: number; learner: boolean } | undefined {
  const regionId = FIRST_REGION_ID + index * ID_STRIDE;
  if (regionId === DEMO_REGIONS.transferLeaderTo4 && tikvStores >= 4) {
    return { voters: [4, 2, 3], leader: 2, learner: true };
  }
  if (regionId === DEMO_REGIONS.voterOnOfflineStore && tikvStores >= 5) {
    return { voters: [1, 5, 3], leader: 1, learner: false };
  }
  if (regionId === DEMO_REGIONS.voterOnDownStore && tikvStores >= 6) {
    return { voters: [4, 2, 6], leader: 4, learner: false };
  }
  return undefined;
}

function pickInZone(zone: number, tikvStores: number, rng: SeededRandom): number {
  const inZone = Math.floor((tikvStores - 1 - zone) / ZONES) + 1;
  let id = zone + 1 + ZONES * rng.int(0, inZone - 1);
  if (isUnhealthyStore(id) && rng.next() >= KEEP_UNHEALTHY_PICK)
    id = zone + 1 + ZONES * rng.int(0, inZone - 1);
  return id;
}

function buildRegions(
  options: TopologyOptions,
  rng: SeededRandom,
  tiflashStoreId: number,
): { regions: RegionTableInit; nextId: number } {
  const count = options.regions;
  const init: RegionTableInit = {
    count,
    maxStoreId: tiflashStoreId,
    peerStore: new Uint32Array(count * MAX_PEERS),
    peerId: new Uint32Array(count * MAX_PEERS),
    peerRole: new Uint8Array(count * MAX_PEERS),
    peerCount: new Uint8Array(count),
    leaderSlot: new Int8Array(count),
    confVer: new Uint32Array(count),
    version: new Uint32Array(count),
    sizeMib: new Uint16Array(count),
    keys: new Uint32Array(count),
  };
  let nextId = FIRST_REGION_ID + count * ID_STRIDE;
  const voters = [0, 0, 0];
  for (let r = 0; r < count; r++) {
    const demo = demoLayout(r, options.stores);
    let leader: number;
    if (demo) {
      voters.splice(0, ZONES, ...demo.voters);
      leader = demo.leader;
    } else {
      for (let z = 0; z < ZONES; z++) voters[z] = pickInZone(z, options.stores, rng);
      // Keep two healthy voters per region, so every leader has somewhere to go when evicted.
      if (isUnhealthyStore(voters[1] ?? 0) && isUnhealthyStore(voters[2] ?? 0)) voters[2] = 3;
      const healthy = voters.filter((id) => !isUnhealthyStore(id));
      leader = healthy[rng.int(0, healthy.length - 1)] ?? voters[0] ?? 1;
    }
    const base = r * MAX_PEERS;
    const regionId = FIRST_REGION_ID + r * ID_STRIDE;
    for (let z = 0; z < ZONES; z++) {
      init.peerStore[base + z] = voters[z] ?? 0;
      init.peerId[base + z] = regionId + 1 + z;
      init.peerRole[base + z] = PeerRole.Voter;
      if (voters[z] === leader) init.leaderSlot[r] = z;
    }
    let peers = ZONES;
    const hasLearner = demo ? demo.learner : rng.next() < TIFLASH_SHARE;
    if (hasLearner) {
      init.peerStore[base + peers] = tiflashStoreId;
      init.peerId[base + peers] = nextId++;
      init.peerRole[base + peers] = PeerRole.Learner;
      peers++;
    }
    init.peerCount[r] = peers;
    // Region sizes cluster just under the 96 MiB split size; a few are small or freshly split.
    const size = rng.next() < 0.85 ? rng.int(60, 100) : rng.int(1, 59);
    init.sizeMib[r] = size;
    init.keys[r] = size * rng.int(8_000, 12_000);
    init.version[r] = rng.int(1, 300);
    init.confVer[r] = 5 + (hasLearner ? 1 : 0) + 2 * rng.int(0, 3);
  }
  return { regions: init, nextId };
}
