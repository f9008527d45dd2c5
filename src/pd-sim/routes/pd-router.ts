/**
 * The PD HTTP API as the simulator serves it (/work/shared/reference/pd-api.md).
 *
 * Version choice: where PD releases differ (pd-api.md §10) the simulator answers like PD master
 * (commit a186e0cc, just after v9.0.0-beta.2, which is the version it reports: DEFAULT_PD_VERSION),
 * which matches v26.3.x except where noted:
 * - GET /region/id/{unknown} → 404 `[PD:region:ErrRegionNotFound]region N not found` (master, v26.3);
 *   region 0 → 400 `{}` (master);
 * - region bodies are compact JSON with Content-Type application/octet-stream (v8.0+);
 * - POST /schedulers when AddScheduler fails (e.g. unknown store) → **400** (master; v26.3.x says 500);
 * - evict-leader `store_id` that is not a number → "please input a right store id" (v26.3+, master);
 * - evict-leader list carries `batch` (v8.3+); GET /operators?object exists (v8.0+), kind bits as on master.
 * Everything a simulator cannot know (hot regions, placement rules, TLS, follower proxying) is left out;
 * operator names PD knows but the simulator does not model answer a loud 500 after PD's shape checks.
 */
import type { SimCluster } from '../sim-cluster.js';
import { clusterRoutes } from './cluster-routes.js';
import { evictLeaderConfigRoutes } from './evict-leader-config-routes.js';
import { operatorRoutes } from './operator-routes.js';
import { regionRoutes } from './region-routes.js';
import { RouteTable } from './route-table.js';
import { schedulerRoutes } from './scheduler-routes.js';
import { storeRoutes } from './store-routes.js';

export function createPdRouter(cluster: SimCluster): RouteTable {
  return new RouteTable([
    ...clusterRoutes(cluster),
    ...storeRoutes(cluster),
    ...regionRoutes(cluster),
    ...operatorRoutes(cluster),
    ...schedulerRoutes(cluster),
    ...evictLeaderConfigRoutes(cluster),
  ]);
}
