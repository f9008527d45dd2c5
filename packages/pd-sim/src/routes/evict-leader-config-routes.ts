import { decodeGoJsonMap, goUint64FromFloat } from '../decode-go-json-map.js';
import { goParseUint } from '../go-strconv.js';
import { renderInputErrcode, renderJson, renderNotFound, type SimResponse } from '../render.js';
import type { SimCluster } from '../sim-cluster.js';
import type { RouteDef } from './route-table.js';

export const EVICT_LEADER_CONFIG = '/pd/api/v1/scheduler-config/evict-leader-scheduler';
const APPLIED = 'The scheduler has been applied to the store.';

/** DELETE …/evict-leader-scheduler/delete/{store_id} (§3.4); also what DELETE /schedulers/evict-leader-scheduler-N forwards to. */
export function deleteEvictLeaderStore(cluster: SimCluster, storeIdText: string): SimResponse {
  // Without the scheduler its HTTP handler is gone and Go's ServeMux answers.
  if (!cluster.evictLeader.exists || storeIdText === '' || storeIdText.includes('/')) return renderNotFound();
  const parsed = goParseUint(storeIdText);
  if (!parsed.ok) return renderJson(400, parsed.error);
  const id = parsed.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(parsed.value) : -1;
  switch (cluster.evictLeader.removeStore(id)) {
    case 'not-found':
      return renderJson(404, '[PD:scheduler:ErrScheduleConfigNotExist]the config does not exist');
    case 'removed':
      return renderJson(200, null);
    case 'last-removed':
      return renderJson(200, 'The last store has been deleted');
  }
}

/** POST …/evict-leader-scheduler/config body: store checked first (500), then batch (400), then both applied. */
export function updateEvictLeaderConfig(
  cluster: SimCluster,
  input: Readonly<Record<string, unknown>>,
): SimResponse {
  const storeId = typeof input.store_id === 'number' ? goUint64FromFloat(input.store_id) : undefined;
  if (storeId !== undefined && cluster.store(storeId) === undefined) {
    return renderJson(500, `[PD:core:ErrStoreNotFound]store ${storeId} not found`);
  }
  const batch = input.batch;
  if (batch !== undefined && batch !== null) {
    if (typeof batch !== 'number') {
      return renderJson(400, `invalid argument for 'batch': expected a number, got ${goTypeName(batch)}`);
    }
    if (!Number.isInteger(batch) || batch < 1 || batch > 100) {
      return renderJson(400, 'batch must be an integer in [1, 100]');
    }
    cluster.evictLeader.batch = batch;
  }
  if (storeId !== undefined) cluster.evictLeader.addStore(storeId);
  return renderJson(200, APPLIED);
}

function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** The evict-leader scheduler's own handler (pkg/schedule/schedulers/evict_leader.go); present only while it exists. */
export function evictLeaderConfigRoutes(cluster: SimCluster): RouteDef[] {
  const exists = () => cluster.evictLeader.exists;
  return [
    {
      method: 'GET',
      pattern: `${EVICT_LEADER_CONFIG}/list`,
      exists,
      handler: () => {
        const ranges = new Map(
          cluster.evictLeader.storeIds().map((id) => [String(id), [{ 'end-key': '', 'start-key': '' }]]),
        );
        return renderJson(200, { 'store-id-ranges': ranges, batch: cluster.evictLeader.batch });
      },
    },
    {
      method: 'POST',
      pattern: `${EVICT_LEADER_CONFIG}/config`,
      exists,
      handler: ({ body }) => {
        const decoded = decodeGoJsonMap(body);
        if (!decoded.ok) return renderInputErrcode(decoded.msg, decoded.data);
        return updateEvictLeaderConfig(cluster, decoded.input);
      },
    },
    {
      method: 'DELETE',
      pattern: `${EVICT_LEADER_CONFIG}/delete/{store_id}`,
      exists,
      handler: ({ params }) => deleteEvictLeaderStore(cluster, params.store_id ?? ''),
    },
  ];
}
