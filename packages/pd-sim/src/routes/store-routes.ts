import { goParseInt, goParseUint } from '../go-strconv.js';
import { renderInputErrcode, renderJson } from '../render.js';
import type { SimCluster } from '../sim-cluster.js';
import type { SimStore } from '../sim-store.js';
import { storeInfoJson } from '../store-info.js';
import type { RouteDef } from './route-table.js';

const API = '/pd/api/v1';
const STATE_NAMES = ['up', 'offline', 'tombstone', 'down', 'disconnected'];

/** §4: store list (numeric ?state=, Tombstone hidden by default), one store, and /stores/check by name. */
export function storeRoutes(cluster: SimCluster): RouteDef[] {
  const listJson = (stores: SimStore[]) =>
    renderJson(200, { count: stores.length, stores: stores.map((s) => storeInfoJson(cluster, s)) });
  return [
    {
      method: 'GET',
      pattern: `${API}/stores`,
      handler: ({ query }) => {
        const wanted = new Set<number>();
        for (const value of query.getAll('state')) {
          const parsed = goParseInt(value, 'Atoi');
          if (!parsed.ok) return renderJson(500, parsed.error);
          if (parsed.value < 0n || parsed.value > 2n)
            return renderJson(500, `unknown StoreState: ${parsed.value}`);
          wanted.add(Number(parsed.value));
        }
        if (wanted.size === 0) wanted.add(0).add(1);
        return listJson(cluster.listStores().filter((s) => wanted.has(s.stateNumber)));
      },
    },
    {
      method: 'GET',
      pattern: `${API}/stores/check`,
      handler: ({ query }) => {
        const wanted = query.getAll('state').map((s) => s.toLowerCase());
        const bad = wanted.find((s) => !STATE_NAMES.includes(s));
        if (bad !== undefined) return renderJson(400, `unknown StoreState: ${bad}`);
        const now = cluster.clock.nowWallMs();
        return listJson(
          cluster
            .listStores()
            .filter((s) => wanted.length === 0 || wanted.includes(s.stateName(now).toLowerCase())),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${API}/store/{id}`,
      handler: ({ params }) => {
        const parsed = goParseUint(params.id ?? '');
        if (!parsed.ok) return renderInputErrcode(parsed.error, {});
        const store = cluster.store(parsed.value);
        if (store === undefined) {
          return renderJson(404, `[PD:core:ErrStoreNotFound]store ${parsed.value} not found`);
        }
        return renderJson(200, storeInfoJson(cluster, store));
      },
    },
  ];
}
