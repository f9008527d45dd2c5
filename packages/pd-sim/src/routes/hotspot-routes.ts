import { goParseUint } from '../go-strconv.js';
import { type HotType, hotStoreStats, storeHotPeersInfos } from '../hot-spots.js';
import { renderJson, type SimResponse } from '../render.js';
import type { SimCluster } from '../sim-cluster.js';
import type { RouteDef } from './route-table.js';

const API = '/pd/api/v1';

/**
 * server/api/hot_status.go getHotRegions: without `store_id` every store; each `store_id` must parse
 * (400 `invalid store id: x`) and name a store PD knows (500 with GetStore's error), in that order.
 */
function hotRegions(cluster: SimCluster, type: HotType, query: URLSearchParams): SimResponse {
  const asked = query.getAll('store_id');
  if (asked.length === 0) return renderJson(200, storeHotPeersInfos(cluster, type));
  const ids: number[] = [];
  for (const text of asked) {
    const parsed = goParseUint(text);
    if (!parsed.ok) return renderJson(400, `invalid store id: ${text}`);
    const id = parsed.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(parsed.value) : -1;
    if (cluster.store(id) === undefined)
      return renderJson(500, `[PD:core:ErrStoreNotFound]store ${parsed.value} not found`);
    ids.push(id);
  }
  return renderJson(200, storeHotPeersInfos(cluster, type, ids));
}

/** pd-ctl `hot read`, `hot write`, `hot store`: PD's hot cache as the simulator invents it (hot-spots.ts). */
export function hotspotRoutes(cluster: SimCluster): RouteDef[] {
  return [
    {
      method: 'GET',
      pattern: `${API}/hotspot/regions/read`,
      handler: ({ query }) => hotRegions(cluster, 'read', query),
    },
    {
      method: 'GET',
      pattern: `${API}/hotspot/regions/write`,
      handler: ({ query }) => hotRegions(cluster, 'write', query),
    },
    {
      method: 'GET',
      pattern: `${API}/hotspot/stores`,
      handler: () => renderJson(200, hotStoreStats(cluster)),
    },
  ];
}
