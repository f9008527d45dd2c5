import { decodeGoJsonMap, goUint64FromFloat } from '../decode-go-json-map.js';
import { formatRfc3339Nano } from '../go-time.js';
import { renderInputErrcode, renderJson, type SimResponse } from '../render.js';
import { EVICT_LEADER, isKnownScheduler, isSimpleScheduler } from '../scheduler-registry.js';
import type { SimCluster } from '../sim-cluster.js';
import { deleteEvictLeaderStore, updateEvictLeaderConfig } from './evict-leader-config-routes.js';
import type { RouteDef } from './route-table.js';

const API = '/pd/api/v1';
const SCHEDULER_NOT_FOUND = '[PD:scheduler:ErrSchedulerNotFound]scheduler not found';
const NS_PER_SEC = 1_000_000_000n;

/** §3.1: evict-leader `store_id` must be a JSON number; master words the two failures differently. */
function evictLeaderStoreId(input: Readonly<Record<string, unknown>>): bigint | SimResponse {
  if (!Object.hasOwn(input, 'store_id')) return renderJson(400, 'missing store id');
  const value = input.store_id;
  if (typeof value !== 'number') return renderJson(400, 'please input a right store id');
  return goUint64FromFloat(value);
}

function createScheduler(cluster: SimCluster, input: Readonly<Record<string, unknown>>): SimResponse {
  const name = typeof input.name === 'string' ? input.name : undefined;
  if (name === undefined) return renderJson(400, 'missing scheduler name');
  if (!isKnownScheduler(name)) return renderJson(400, 'unknown scheduler');
  if (name === EVICT_LEADER) {
    const storeId = evictLeaderStoreId(input);
    if (typeof storeId !== 'bigint') return storeId;
    if (cluster.evictLeader.exists) {
      // PD re-posts to the scheduler's config route and, on failure, wraps that response's raw text
      // (quotes and newline included) as the message: the double-encoded body of §3.1.
      const inner = updateEvictLeaderConfig(cluster, { name, store_id: Number(storeId) });
      if (inner.status !== 200) return renderJson(500, inner.body);
      return renderJson(200, 'The scheduler has been applied to the store.');
    }
    const error = cluster.evictLeader.addStore(storeId);
    // Master answers AddScheduler failures with 400 (v8.5.x and v26.3.x: 500).
    if (error !== undefined) return renderJson(400, error);
    return renderJson(200, 'The scheduler is created.');
  }
  if (isSimpleScheduler(name)) {
    if (!cluster.schedulers.addSimple(name))
      return renderJson(400, '[PD:scheduler:ErrSchedulerExisted]scheduler existed');
    return renderJson(200, 'The scheduler is created.');
  }
  return renderJson(500, `tikv-chatops pd-sim: scheduler ${name} is not simulated`);
}

/** §3.2–3.5: list, create, remove, pause schedulers. */
export function schedulerRoutes(cluster: SimCluster): RouteDef[] {
  const { schedulers, clock } = cluster;
  return [
    {
      method: 'GET',
      pattern: `${API}/schedulers`,
      handler: ({ query }) => {
        // GetSchedulerByStatus (pkg/schedule/handler/handler.go ~816): every branch starts from an empty
        // slice, so "none" is [] (never null); `timestamp` counts by presence (server/api/scheduler.go ~67).
        const status = query.get('status');
        const now = clock.nowWallMs();
        if (status === 'paused') {
          const pauses = schedulers.pauses(now);
          if (!query.has('timestamp'))
            return renderJson(
              200,
              pauses.map((p) => p.name),
            );
          return renderJson(
            200,
            // PD answers time.Unix(sec, 0) for both, so whole seconds: RFC 3339 with the zone and no
            // fraction (`Z`, as the simulator runs in UTC), like the doc's `2026-08-21T10:00:00+08:00`.
            pauses.map((p) => ({
              name: p.name,
              paused_at: formatRfc3339Nano(BigInt(p.pausedAtUnixSec) * NS_PER_SEC),
              resume_at: formatRfc3339Nano(BigInt(p.resumeAtUnixSec) * NS_PER_SEC),
            })),
          );
        }
        // Schedulers are removed rather than disabled here, so none is ever disabled.
        if (status === 'disabled') return renderJson(200, []);
        return renderJson(200, schedulers.names());
      },
    },
    {
      method: 'POST',
      pattern: `${API}/schedulers`,
      handler: ({ body }) => {
        const decoded = decodeGoJsonMap(body);
        if (!decoded.ok) return renderInputErrcode(decoded.msg, decoded.data);
        return createScheduler(cluster, decoded.input);
      },
    },
    {
      method: 'DELETE',
      pattern: `${API}/schedulers/{name}`,
      handler: ({ params }) => {
        const name = params.name ?? '';
        if (name.startsWith(EVICT_LEADER) && name !== EVICT_LEADER) {
          // Forwarded internally to …/delete/{id}; PD copies the status and discards the body.
          const inner = deleteEvictLeaderStore(cluster, name.slice(name.lastIndexOf('-') + 1));
          return renderJson(inner.status, null);
        }
        if (!schedulers.remove(name)) return renderJson(404, SCHEDULER_NOT_FOUND);
        return renderJson(200, 'The scheduler is removed.');
      },
    },
    {
      method: 'POST',
      pattern: `${API}/schedulers/{name}`,
      handler: ({ params, body }) => {
        const decoded = decodeGoJsonMap(body);
        if (!decoded.ok) return renderInputErrcode(decoded.msg, decoded.data);
        // The body is a map[string]int64: any non-integer value fails to decode.
        for (const value of Object.values(decoded.input)) {
          if (value === null || Number.isInteger(value)) continue;
          const what =
            typeof value === 'number'
              ? `number ${value}`
              : Array.isArray(value)
                ? 'array'
                : typeof value === 'boolean'
                  ? 'bool'
                  : typeof value;
          return renderInputErrcode(`json: cannot unmarshal ${what} into Go value of type int64`, {
            Value: what,
            Type: {},
            Offset: 0,
            Struct: '',
            Field: '',
          });
        }
        const delay = decoded.input.delay;
        if (typeof delay !== 'number') return renderJson(400, 'missing pause time');
        const name = params.name ?? '';
        if (!schedulers.has(name)) return renderJson(500, SCHEDULER_NOT_FOUND);
        schedulers.pause(name, delay, clock.nowWallMs());
        return renderJson(200, 'Pause or resume the scheduler successfully.');
      },
    },
  ];
}
