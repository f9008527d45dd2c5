import { goParseInt, goParseUint } from '../go-strconv.js';
import { regionInfoJson } from '../region-info.js';
import { PeerRole } from '../region-table.js';
import { renderJson, renderOctetJson, renderPlainText } from '../render.js';
import type { SimCluster } from '../sim-cluster.js';
import type { RouteDef } from './route-table.js';

const API = '/pd/api/v1';
const REGION_TYPES = ['all', 'leader', 'follower', 'learner', 'witness', 'pending'] as const;
type RegionType = (typeof REGION_TYPES)[number];

export const WHOLE_CLUSTER_REFUSAL = 'tikv-chatops pd-sim: GET /regions is deliberately not served';

/**
 * §5 region reads, master behaviour: compact octet-stream JSON, 404 for an unknown region, 400 `{}`
 * for region 0. GET /regions (every region) is refused loudly: the bot must never call it.
 */
export function regionRoutes(cluster: SimCluster): RouteDef[] {
  return [
    {
      method: 'GET',
      pattern: `${API}/region/id/{id}`,
      handler: ({ params }) => {
        const parsed = goParseUint(params.id ?? '');
        if (!parsed.ok) return renderJson(400, parsed.error);
        // Master rejects ID 0 with an error value that has no exported fields, so it renders as {}.
        if (parsed.value === 0n) return renderJson(400, {});
        const index = cluster.regionIndexOf(parsed.value);
        if (index < 0)
          return renderJson(404, `[PD:region:ErrRegionNotFound]region ${parsed.value} not found`);
        return renderOctetJson(200, regionInfoJson(cluster, index));
      },
    },
    {
      method: 'GET',
      pattern: `${API}/regions`,
      handler: () => renderPlainText(500, WHOLE_CLUSTER_REFUSAL),
    },
    {
      method: 'GET',
      pattern: `${API}/regions/count`,
      handler: () => renderOctetJson(200, { count: cluster.regions.count, regions: null }),
    },
    {
      method: 'GET',
      pattern: `${API}/regions/store/{id}`,
      handler: ({ params, query }) => {
        const parsed = goParseInt(params.id ?? '', 'Atoi');
        if (!parsed.ok) return renderJson(400, parsed.error);
        const type = query.get('type') ?? 'all';
        if (!(REGION_TYPES as readonly string[]).includes(type)) {
          return renderJson(400, `unknown sub tree region type ${type}`);
        }
        const storeId = parsed.value > 0n && parsed.value <= 0xffffffffn ? Number(parsed.value) : -1;
        const indexes = regionsOnStore(cluster, storeId, type as RegionType);
        return renderOctetJson(200, {
          count: indexes.length,
          regions: indexes.map((index) => regionInfoJson(cluster, index)),
        });
      },
    },
  ];
}

/** Regions with a peer of the given kind on the store, in key order (PD walks its sub-trees by key). */
function regionsOnStore(cluster: SimCluster, storeId: number, type: RegionType): number[] {
  const { regions } = cluster;
  if (storeId < 0 || storeId > regions.byStore.maxStoreId) return [];
  const now = cluster.clock.nowWallMs();
  const list = regions.byStore.regionsOf(storeId);
  const out: number[] = [];
  for (let i = 0; i < regions.byStore.count(storeId); i++) {
    const index = list[i] ?? 0;
    const peer = regions.peerOnStore(index, storeId);
    if (peer === undefined) continue;
    const isLeader = regions.leaderStoreId(index) === storeId;
    const keep =
      type === 'all' ||
      (type === 'leader' && isLeader) ||
      (type === 'follower' && !isLeader && peer.role !== PeerRole.Learner) ||
      (type === 'learner' && peer.role === PeerRole.Learner) ||
      (type === 'pending' && (cluster.store(storeId)?.isUnhealthy(now) ?? false));
    if (keep) out.push(index);
  }
  return out.sort((a, b) => a - b);
}
