import type { ClusterState } from './cluster-state.js';
import type { GoJsonValue } from './go-json.js';
import { PeerRole, type RegionPeer } from './region-table.js';

const ROLE_NAMES = ['Voter', 'Learner', 'IncomingVoter', 'DemotingVoter'];

/** response.MetaPeer: role_name first, is_learner only when true, zero id/store_id/role omitted. */
function peerJson(peer: RegionPeer): GoJsonValue {
  return {
    role_name: ROLE_NAMES[peer.role] ?? 'Voter',
    is_learner: peer.role === PeerRole.Learner ? true : undefined,
    id: peer.id || undefined,
    store_id: peer.storeId || undefined,
    role: peer.role || undefined,
  };
}

/** Deterministic per-region traffic numbers, so repeated reads agree. */
function flow(regionId: number, salt: number): number {
  const h = Math.imul(regionId ^ salt, 2_654_435_761) >>> 0;
  return h % 5 === 0 ? 0 : h % 400_000;
}

/**
 * Whether the region's peer on `storeId` is listed in down_peers and pending_peers: the simulator's
 * rule is a store that is unknown or silent for 10+ min. Operator building treats these as PD's
 * Builder.unhealthyPeers, so this is the one definition both sides share.
 */
export function isUnhealthyPeer(cluster: ClusterState, storeId: number, nowWallMs: number): boolean {
  return cluster.store(storeId)?.isUnhealthy(nowWallMs) ?? true;
}

/** response.RegionInfo (§5.1), compact; down/pending peers are the ones on stores silent for 10+ min. */
export function regionInfoJson(cluster: ClusterState, index: number): GoJsonValue {
  const region = cluster.snapshotAt(index);
  const now = cluster.clock.nowWallMs();
  const leader = region.peers.find((p) => p.storeId === region.leaderStoreId);
  const down = region.peers.filter((p) => isUnhealthyPeer(cluster, p.storeId, now));
  const writtenBytes = flow(region.id, 0x5eed);
  const readBytes = flow(region.id, 0xbeef);
  return {
    id: region.id,
    start_key: region.startKey,
    end_key: region.endKey,
    epoch: { conf_ver: region.confVer, version: region.version },
    peers: region.peers.length === 0 ? undefined : region.peers.map(peerJson),
    leader: leader ? peerJson(leader) : { role_name: '' },
    down_peers:
      down.length === 0
        ? undefined
        : down.map((p) => ({
            peer: peerJson(p),
            down_seconds: Math.floor((cluster.store(p.storeId)?.silenceMs(now) ?? 0) / 1000),
          })),
    pending_peers: down.length === 0 ? undefined : down.map(peerJson),
    cpu_usage: 0,
    written_bytes: writtenBytes,
    read_bytes: readBytes,
    written_keys: Math.floor(writtenBytes / 120),
    read_keys: Math.floor(readBytes / 90),
    approximate_size: region.approximateSize,
    approximate_keys: region.approximateKeys,
    approximate_kv_size: Math.floor(region.approximateSize * 0.9),
    approximate_columnar_kv_size: 0,
  };
}
