import type { Logger } from 'pino';
import type {
  ClusterOverview,
  ClusterOverviewSource,
  DrainLine,
  OverviewPart,
  OverviewProblem,
  StoreAttentionLine,
  StoresSummary,
} from '../../core/home/cluster-overview.js';
import { PdHttpError, PdTransportError } from '../../core/pd/pd-errors.js';
import type { PdResponse, PdTransport } from '../../core/pd/pd-port.js';
import type { PdRequest } from '../../core/pd/pd-request.js';
import { readStoreInfos, type StoreInfoView, storeAttention } from './store-info-view.js';

/** As the `stores` view reads it: O(stores), never O(regions); 32 MiB is ~26,000 stores. */
const STORES: PdRequest = { method: 'GET', path: '/pd/api/v1/stores', maxBodyBytes: 32 * 1024 * 1024 };
/** pd-ctl `scheduler config evict-leader-scheduler`; 404 while no store is drained (pd-api.md §3.4). */
const EVICT_LEADER_LIST: PdRequest = {
  method: 'GET',
  path: '/pd/api/v1/scheduler-config/evict-leader-scheduler/list',
};

/**
 * App Home's two PD reads for a TiKV cluster, in parallel: the store list (summary, stores needing
 * attention, what a drained store has left) and the evict-leader list (drains in progress). They
 * are the bot's own bounded reads, not a person's action, so they write no audit record: each read
 * is one log line (`home_read`) with the cluster, path, status and duration.
 */
export function tikvClusterOverview(options: {
  readonly pds: ReadonlyMap<string, PdTransport>;
  readonly logger: Logger;
  readonly now: () => Date;
}): ClusterOverviewSource {
  return {
    async read(cluster, correlationId): Promise<ClusterOverview> {
      const pd = options.pds.get(cluster);
      const readAt = options.now();
      if (pd === undefined) {
        const problem = { code: 'UNKNOWN_CLUSTER', message: `no cluster named ${cluster}` };
        return { cluster, readAt, stores: { ok: false, problem }, drains: { ok: false, problem } };
      }
      const log = options.logger.child({ cluster, correlationId });
      const [stores, list] = await Promise.all([
        send(pd, STORES, correlationId, log),
        send(pd, EVICT_LEADER_LIST, correlationId, log),
      ]);
      const views = stores.ok ? readStoreInfos(stores.value.rawBody)?.sort((a, b) => a.id - b.id) : undefined;
      const storesPart: OverviewPart<StoresSummary> = !stores.ok
        ? stores
        : views === undefined
          ? unreadable(STORES)
          : { ok: true, value: summarise(views) };
      return { cluster, readAt, stores: storesPart, drains: drainsPart(list, views) };
    },
  };
}

type Answer = { ok: true; value: PdResponse } | { ok: false; problem: OverviewProblem; status?: number };

async function send(
  pd: PdTransport,
  request: PdRequest,
  correlationId: string,
  log: Logger,
): Promise<Answer> {
  try {
    const response = await pd.send(request, { correlationId });
    log.info(
      {
        decision: 'home_read',
        pdPath: request.path,
        pdStatus: response.status,
        durationMs: response.durationMs,
      },
      'App Home read from PD',
    );
    return { ok: true, value: response };
  } catch (error) {
    const problem = problemOf(error);
    log.warn(
      {
        decision: 'home_read',
        pdPath: request.path,
        ...(error instanceof PdHttpError && { pdStatus: error.status }),
        errorCode: problem.code,
      },
      'App Home read: PD did not answer with 2xx',
    );
    return { ok: false, problem, ...(error instanceof PdHttpError && { status: error.status }) };
  }
}

function problemOf(error: unknown): OverviewProblem {
  if (error instanceof PdHttpError) {
    return { code: `HTTP ${error.status}`, message: error.pdMessage.slice(0, 300) };
  }
  if (error instanceof PdTransportError) return { code: error.code, message: error.message.slice(0, 300) };
  return { code: 'PD_ERROR', message: error instanceof Error ? error.message.slice(0, 300) : String(error) };
}

function unreadable(request: PdRequest): { ok: false; problem: OverviewProblem } {
  return {
    ok: false,
    problem: {
      code: 'UNREADABLE',
      message: `PD answered ${request.path} with a body the bot could not read`,
    },
  };
}

function summarise(views: readonly StoreInfoView[]): StoresSummary {
  const byState = new Map<string, number>();
  const attention: StoreAttentionLine[] = [];
  for (const view of views) {
    byState.set(view.stateName, (byState.get(view.stateName) ?? 0) + 1);
    const reasons = storeAttention(view);
    if (reasons.length === 0) continue;
    attention.push({
      id: view.id,
      address: view.address,
      stateName: view.stateName,
      leaderCount: view.leaderCount,
      regionCount: view.regionCount,
      reasons,
    });
  }
  return { total: views.length, byState: [...byState], attention };
}

function drainsPart(
  list: Answer,
  views: readonly StoreInfoView[] | undefined,
): OverviewPart<readonly DrainLine[]> {
  // No evict-leader scheduler, so its routes do not exist: nothing is being drained.
  if (!list.ok && list.status === 404) return { ok: true, value: [] };
  if (!list.ok) return list;
  const ids = evictedStoreIds(list.value.rawBody);
  if (ids === undefined) return unreadable(EVICT_LEADER_LIST);
  const byId = new Map((views ?? []).map((v) => [v.id, v]));
  return {
    ok: true,
    value: ids.map((storeId) => {
      const view = byId.get(storeId);
      return {
        storeId,
        ...(view !== undefined && { leaderCount: view.leaderCount, stateName: view.stateName }),
      };
    }),
  };
}

/** The keys of `store-id-ranges` (store ids as strings), sorted; undefined when the body is not that. */
function evictedStoreIds(rawBody: string): number[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  const ranges = (parsed as { 'store-id-ranges'?: unknown } | null)?.['store-id-ranges'];
  if (ranges === null || ranges === undefined) return [];
  if (typeof ranges !== 'object' || Array.isArray(ranges)) return undefined;
  const ids = Object.keys(ranges)
    .filter((key) => /^[0-9]{1,15}$/.test(key))
    .map(Number);
  return ids.sort((a, b) => a - b);
}
