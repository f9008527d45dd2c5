import { formatByteSize } from './format-byte-size.js';
import type { GoJsonValue } from './go-json.js';
import { formatGoDuration, formatRfc3339Nano } from './go-time.js';
import type { SimCluster } from './sim-cluster.js';
import type { SimStore } from './sim-store.js';

const MIB = 1024 * 1024;
/** On-disk bytes per logical MiB after compression, plus a fixed base for raft logs and the like. */
const COMPRESSION = 0.6;
const BASE_USED_BYTES = 2 * 1024 * MIB;

function wallMsToNs(wallMs: number, extraNs: number): bigint {
  return BigInt(Math.floor(wallMs)) * 1_000_000n + BigInt(extraNs);
}

/** response.StoreInfo (pkg/response/store.go); field order follows the Go structs, omitempty as undefined. */
export function storeInfoJson(cluster: SimCluster, store: SimStore): GoJsonValue {
  const now = cluster.clock.nowWallMs();
  const stats = cluster.storeStats(store.id);
  // Sub-millisecond part of the heartbeat time, fixed per store so the nanoseconds look real.
  const heartbeatNs = wallMsToNs(store.lastHeartbeatWallMs(now), (store.id * 123_457) % 1_000_000);
  const startNs = wallMsToNs(Math.floor(store.startWallMs / 1000) * 1000, 0);
  const used = BASE_USED_BYTES + stats.regionSize * MIB * COMPRESSION;
  const available = Math.max(0, store.capacityBytes * 0.95 - used);
  const uptimeNs = heartbeatNs - startNs;
  return {
    store: {
      id: store.id,
      address: store.address,
      state: store.stateNumber === 0 ? undefined : store.stateNumber,
      labels:
        store.labels.length === 0 ? undefined : store.labels.map((l) => ({ key: l.key, value: l.value })),
      version: store.version,
      peer_address: store.address,
      status_address: store.statusAddress,
      git_hash: store.gitHash,
      start_timestamp: Math.floor(store.startWallMs / 1000),
      deploy_path: store.deployPath,
      last_heartbeat: heartbeatNs,
      node_state: store.nodeStateNumber,
      state_name: store.stateName(now),
    },
    status: {
      capacity: formatByteSize(store.capacityBytes),
      available: formatByteSize(available),
      used_size: formatByteSize(used),
      leader_count: stats.leaderCount,
      leader_weight: 1,
      leader_score: stats.leaderCount,
      leader_size: stats.leaderSize,
      region_count: stats.regionCount,
      region_weight: 1,
      region_score: stats.regionSize,
      region_size: stats.regionSize,
      learner_count: stats.learnerCount === 0 ? undefined : stats.learnerCount,
      slow_score: store.tiflash ? undefined : 1,
      pause_leader_transfer_in: store.pauseLeaderTransferIn ? true : undefined,
      start_ts: formatRfc3339Nano(startNs),
      last_heartbeat_ts: formatRfc3339Nano(heartbeatNs),
      uptime: uptimeNs > 0n ? formatGoDuration(uptimeNs) : undefined,
    },
  };
}
