/**
 * The PD HTTP API as the simulator serves it (/work/shared/reference/pd-api.md).
 *
 * Version choice: where PD releases differ (pd-api.md §10) the simulator answers like PD master at
 * commit a186e0cc (2026-08-21, in no release; it reports `git describe`'s v9.0.0-beta.2.pre-483-ga186e0cc61,
 * see pd-build.ts), which matches v26.3.x except where noted:
 * - GET /region/id/{unknown} → 404 `[PD:region:ErrRegionNotFound]region N not found` (master, v26.3);
 *   region 0 → 400 `{}` (master);
 * - region bodies are compact JSON with Content-Type application/octet-stream (v8.0+);
 * - POST /schedulers when AddScheduler fails (e.g. unknown store) → **400** (master; v26.3.x says 500);
 * - evict-leader `store_id` that is not a number → "please input a right store id" (v26.3+, master);
 * - drain of an unknown store with no scheduler yet → 400 (master since 9ead470147; v9.0.0-beta.1 says 500);
 * - evict-leader `batch` must be an integer in [1, 100] (master after 9ead470147; before: [1, 10]);
 * - evict-leader list carries `batch` (v8.3+); GET /operators?object exists (v8.0+), kind bits as on master.
 * Hot regions are invented (a fixed hot spot, hot-spots.ts) in PD's exact shapes; placement rules and
 * follower proxying are left out;
 * operator names PD knows but the simulator does not model answer a loud 500 after PD's shape checks.
 */
import type { SimCluster } from '../sim-cluster.js';
import { clusterRoutes } from './cluster-routes.js';
import { evictLeaderConfigRoutes } from './evict-leader-config-routes.js';
import { hotspotRoutes } from './hotspot-routes.js';
import { operatorRoutes } from './operator-routes.js';
import { regionKeyRoute } from './region-key-route.js';
import { regionRoutes } from './region-routes.js';
import { regionsCheckRoutes } from './regions-check-routes.js';
import { RouteTable } from './route-table.js';
import { schedulerRoutes } from './scheduler-routes.js';
import { storeRoutes } from './store-routes.js';

export function createPdRouter(cluster: SimCluster): RouteTable {
  return new RouteTable([
    ...clusterRoutes(cluster),
    ...storeRoutes(cluster),
    ...regionRoutes(cluster),
    ...regionsCheckRoutes(cluster),
    regionKeyRoute(cluster),
    ...operatorRoutes(cluster),
    ...schedulerRoutes(cluster),
    ...evictLeaderConfigRoutes(cluster),
    ...hotspotRoutes(cluster),
  ]);
}
