import type { GoJsonValue } from './go-json.js';
import { formatRfc3339Nano } from './go-time.js';
import { PeerRole } from './region-table.js';
import { SeededRandom } from './seeded-random.js';
import type { SimCluster } from './sim-cluster.js';
import type { SimStore } from './sim-store.js';

export type HotType = 'read' | 'write';

const MIB = 1024 * 1024;
/** Hot regions per type: a handful, like a quiet cluster with one busy table (PD keeps ≤60 per store). */
const HOT_REGIONS = 24;
/** PD's utils.DefaultAntiCount: 2 for write, 2 × (60 s / 10 s) for read. */
const ANTI_COUNT: Readonly<Record<HotType, number>> = { write: 2, read: 12 };

/** One hot peer as PD's hot cache holds it (statistics.HotPeerStat, shown as HotPeerStatShow). */
interface HotPeer {
  readonly storeId: number;
  readonly stores: readonly number[];
  readonly isLeader: boolean;
  readonly isLearner: boolean;
  readonly regionId: number;
  readonly hotDegree: number;
  readonly bytes: number;
  readonly keys: number;
  readonly query: number;
}

/**
 * The simulator has no traffic, so it invents a fixed hot spot: the same HOT_REGIONS regions (chosen
 * from the region count by a seeded PRNG, so any cluster size gets them without scanning regions),
 * the hottest first, each region's rate shared by its peers as PD sees it: a read is served by the
 * leader, a write lands on every peer (learners included).
 */
export function hotPeers(cluster: SimCluster, type: HotType): HotPeer[] {
  const count = cluster.regions.count;
  const random = new SeededRandom(type === 'read' ? 0x7ead : 0x771e);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(HOT_REGIONS, count)) chosen.add(Math.floor(random.next() * count));
  const peers: HotPeer[] = [];
  [...chosen].forEach((index, rank) => {
    const region = cluster.snapshotAt(index);
    const bytes = Math.round(((96 + random.next() * 32) * MIB) / (rank + 1));
    const keys = Math.round(bytes / 512);
    const query = Math.round(keys / (type === 'read' ? 2 : 8));
    const stores = region.peers.map((p) => p.storeId);
    for (const peer of region.peers) {
      const isLeader = peer.storeId === region.leaderStoreId;
      if (type === 'read' && !isLeader) continue;
      peers.push({
        storeId: peer.storeId,
        stores,
        isLeader,
        isLearner: peer.role === PeerRole.Learner,
        regionId: region.id,
        hotDegree: HOT_REGIONS - rank + 2,
        bytes,
        keys,
        query,
      });
    }
  });
  return peers;
}

/** What PD's store heartbeats say a store carries: its hot peers' sum plus a little cold traffic. */
function storeLoad(
  store: SimStore,
  peers: readonly HotPeer[],
): { bytes: number; keys: number; query: number } {
  const own = peers.filter((p) => p.storeId === store.id);
  const cold = ((store.id * 7919) % 97) * 1024;
  return {
    bytes: own.reduce((sum, p) => sum + p.bytes, 0) + cold,
    keys: own.reduce((sum, p) => sum + p.keys, 0) + Math.round(cold / 512),
    query: own.reduce((sum, p) => sum + p.query, 0) + Math.round(cold / 4096),
  };
}

/** Stores PD has loads for: every store that heartbeats (not Tombstone), TiKV and TiFlash write nodes. */
function loadedStores(cluster: SimCluster): SimStore[] {
  return cluster.listStores().filter((s) => s.state !== 'Tombstone');
}

function lastUpdateTime(cluster: SimCluster, type: HotType, peer: HotPeer): string {
  const now = cluster.clock.nowWallMs();
  if (type === 'write') {
    // time.Unix(region interval end, 0): the last region heartbeat, on a whole second.
    return formatRfc3339Nano(BigInt(Math.floor(now / 1000) - (peer.regionId % 60)) * 1_000_000_000n);
  }
  // time.Unix(store last_heartbeat ns): the same instant the store's own StoreInfo reports.
  const store = cluster.store(peer.storeId);
  const wallMs = store?.lastHeartbeatWallMs(now) ?? now;
  return formatRfc3339Nano(
    BigInt(Math.floor(wallMs)) * 1_000_000n + BigInt((peer.storeId * 123_457) % 1_000_000),
  );
}

function peerShow(cluster: SimCluster, type: HotType, peer: HotPeer): GoJsonValue {
  return {
    store_id: peer.storeId,
    stores: peer.stores,
    is_leader: peer.isLeader,
    is_learner: peer.isLearner,
    region_id: peer.regionId,
    hot_degree: peer.hotDegree,
    flow_bytes: peer.bytes,
    flow_keys: peer.keys,
    flow_query: peer.query,
    flow_cpu: 0,
    anti_count: ANTI_COUNT[type],
    last_update_time: lastUpdateTime(cluster, type, peer),
  };
}

/**
 * statistics.StoreHotPeersInfos for `GET /hotspot/regions/{read|write}` (coordinator.GetHotRegionsByType
 * → GetHotStatus → StoreLoadDetail.ToHotPeersStat): every loaded store gets an entry, hot or not.
 * as_leader holds TiKV stores that allow leader transfer in and out (a store under evict-leader is
 * left out), with their hot leaders; as_peer every TiKV store and TiFlash write node, with all hot
 * peers. store_* are the store's current loads (a write leader's bytes and keys: the sum of its hot
 * leaders; a write peer has no query dimension; TiFlash reports no read loads).
 */
export function storeHotPeersInfos(
  cluster: SimCluster,
  type: HotType,
  only?: readonly number[],
): GoJsonValue {
  const peers = hotPeers(cluster, type);
  const now = cluster.clock.nowWallMs();
  const stat = (store: SimStore, kind: 'leader' | 'peer'): GoJsonValue => {
    const mine = peers.filter((p) => p.storeId === store.id && (kind === 'peer' || p.isLeader));
    const load = storeLoad(store, peers);
    const loads =
      store.tiflash && type === 'read'
        ? { bytes: 0, keys: 0, query: 0 }
        : type === 'write' && kind === 'leader'
          ? {
              bytes: mine.reduce((s, p) => s + p.bytes, 0),
              keys: mine.reduce((s, p) => s + p.keys, 0),
              query: load.query,
            }
          : type === 'write'
            ? { bytes: load.bytes, keys: load.keys, query: 0 }
            : load;
    return {
      store_bytes: loads.bytes,
      store_keys: loads.keys,
      store_query: loads.query,
      store_cpu: 0,
      total_flow_bytes: mine.reduce((s, p) => s + p.bytes, 0),
      total_flow_keys: mine.reduce((s, p) => s + p.keys, 0),
      total_flow_query: mine.reduce((s, p) => s + p.query, 0),
      total_flow_cpu: 0,
      regions_count: mine.length,
      statistics: mine.map((p) => peerShow(cluster, type, p)),
    };
  };
  const stores = loadedStores(cluster);
  const leaderStores = stores.filter(
    (s) => !s.tiflash && !s.pauseLeaderTransferIn && s.stateName(now) !== 'Tombstone',
  );
  const asLeader = new Map<string, GoJsonValue>(leaderStores.map((s) => [String(s.id), stat(s, 'leader')]));
  const asPeer = new Map<string, GoJsonValue>(stores.map((s) => [String(s.id), stat(s, 'peer')]));
  if (only === undefined) return { as_peer: asPeer, as_leader: asLeader };
  // GetHotRegions(typ, ids...): each asked store's entry, `null` when it has none.
  const pick = (from: Map<string, GoJsonValue>) =>
    new Map<string, GoJsonValue>(only.map((id) => [String(id), from.get(String(id)) ?? null]));
  return { as_peer: pick(asPeer), as_leader: pick(asLeader) };
}

/**
 * handler.HotStoreStats for `GET /hotspot/stores`: per store (keys sorted as Go sorts map keys), the
 * rates from its heartbeats; TiFlash write nodes report write rates too. Maps left empty are omitted.
 */
export function hotStoreStats(cluster: SimCluster): GoJsonValue {
  const read = hotPeers(cluster, 'read');
  const write = hotPeers(cluster, 'write');
  const maps = {
    'bytes-write-rate': new Map<string, GoJsonValue>(),
    'bytes-read-rate': new Map<string, GoJsonValue>(),
    'keys-write-rate': new Map<string, GoJsonValue>(),
    'keys-read-rate': new Map<string, GoJsonValue>(),
    'query-write-rate': new Map<string, GoJsonValue>(),
    'query-read-rate': new Map<string, GoJsonValue>(),
    'cpu-read-rate': new Map<string, GoJsonValue>(),
  };
  for (const store of loadedStores(cluster)) {
    const id = String(store.id);
    const r = store.tiflash ? { bytes: 0, keys: 0, query: 0 } : storeLoad(store, read);
    const w = storeLoad(store, write);
    maps['bytes-write-rate'].set(id, w.bytes);
    maps['bytes-read-rate'].set(id, r.bytes);
    maps['keys-write-rate'].set(id, w.keys);
    maps['keys-read-rate'].set(id, r.keys);
    maps['query-write-rate'].set(id, w.query);
    maps['query-read-rate'].set(id, r.query);
    maps['cpu-read-rate'].set(id, 0);
  }
  return Object.fromEntries(Object.entries(maps).map(([k, m]) => [k, m.size === 0 ? undefined : m]));
}
