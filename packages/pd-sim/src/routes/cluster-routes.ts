import { formatRfc3339Nano } from '../go-time.js';
import { PD_BUILD } from '../pd-build.js';
import { renderEmpty, renderJson } from '../render.js';
import type { SimCluster } from '../sim-cluster.js';
import type { RouteDef } from './route-table.js';

const API = '/pd/api/v1';

/** §6 cluster-level reads. Member and cluster IDs are bigints, so they go out as exact digits. */
export function clusterRoutes(cluster: SimCluster): RouteDef[] {
  const { members } = cluster;
  const startSeconds = Math.floor(cluster.clock.startWallMs / 1000) - 86_400;
  return [
    {
      method: 'GET',
      pattern: `${API}/health`,
      handler: () =>
        renderJson(
          200,
          members.members.map((m) => ({
            name: m.name,
            member_id: m.memberId,
            client_urls: m.clientUrls,
            health: true,
          })),
        ),
    },
    { method: 'GET', pattern: `${API}/ping`, handler: () => renderEmpty(200) },
    {
      method: 'GET',
      pattern: `${API}/members`,
      handler: () => {
        const leader = members.leader;
        return renderJson(200, {
          header: { cluster_id: members.clusterId },
          members: members.members.map((m) => members.memberJson(m)),
          leader: leader ? members.memberJson(leader) : undefined,
          etcd_leader: leader ? members.memberJson(leader) : undefined,
        });
      },
    },
    {
      method: 'GET',
      pattern: `${API}/leader`,
      handler: () => {
        const leader = members.leader;
        return renderJson(200, leader ? members.memberJson(leader) : null);
      },
    },
    {
      method: 'GET',
      pattern: `${API}/version`,
      handler: () => renderJson(200, { version: cluster.version, build_time: '', hash: '', branch: '' }),
    },
    {
      method: 'GET',
      pattern: `${API}/status`,
      handler: () =>
        renderJson(200, {
          build_ts: PD_BUILD.buildTs,
          version: cluster.version,
          git_hash: members.members[0]?.gitHash ?? '',
          start_timestamp: startSeconds,
          kernel_type: 'Classic',
        }),
    },
    {
      method: 'GET',
      pattern: `${API}/cluster`,
      handler: () => renderJson(200, { id: members.clusterId, max_peer_count: 3 }),
    },
    {
      method: 'GET',
      pattern: `${API}/cluster/status`,
      handler: () =>
        renderJson(200, {
          raft_bootstrap_time: formatRfc3339Nano(BigInt(startSeconds - 86_400 * 30) * 1_000_000_000n),
          is_initialized: true,
        }),
    },
  ];
}
