import { PdHttpError } from '../../../core/pd/pd-errors.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';
import type { PdRequest } from '../../../core/pd/pd-request.js';

/**
 * pd-ctl `scheduler config evict-leader-scheduler` (pd-api.md §3.4): the stores the evict-leader
 * scheduler drains, as `{"store-id-ranges":{"4":[…]},"batch":3}`. PD serves it only while the
 * scheduler exists (404 `404 page not found` otherwise). About 90 bytes a store pretty-printed, so
 * 4 MiB covers ~45,000 stores; the client's 1 MiB default would cut a 10,000-store drain.
 */
export const EVICT_LEADER_LIST: PdRequest = {
  method: 'GET',
  path: '/pd/api/v1/scheduler-config/evict-leader-scheduler/list',
  maxBodyBytes: 4 * 1024 * 1024,
};

/** The store IDs in the list's answer, sorted; undefined when the body is not that shape. */
export function parseEvictLeaderStores(rawBody: string): number[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const ranges = (parsed as Record<string, unknown>)['store-id-ranges'];
  if (typeof ranges !== 'object' || ranges === null || Array.isArray(ranges)) return undefined;
  const ids: number[] = [];
  for (const key of Object.keys(ranges)) {
    // Keys are store IDs as decimal strings; anything else is not PD's answer.
    if (!/^[1-9][0-9]{0,15}$/.test(key)) return undefined;
    ids.push(Number(key));
  }
  return ids.sort((a, b) => a - b);
}

/**
 * What the plan's read of the list said: the drained stores; `none` when PD answered 404 (it serves
 * the list only while evict-leader-scheduler exists, so no store is under it); `unread` when the read
 * failed otherwise or was not made (nobody knows); `unreadable` when PD answered 2xx with something else.
 */
export function evictLeaderStoresOf(
  response: PdResponse,
):
  | { readonly kind: 'listed'; readonly ids: readonly number[] }
  | { readonly kind: 'none' | 'unread' | 'unreadable' } {
  const read = response.planReads?.find((r) => r.request.path === EVICT_LEADER_LIST.path);
  if (read === undefined) {
    const failure = response.planReadFailures?.find((e) => e.request.path === EVICT_LEADER_LIST.path);
    return failure instanceof PdHttpError && failure.status === 404 ? { kind: 'none' } : { kind: 'unread' };
  }
  const ids = parseEvictLeaderStores(read.rawBody);
  return ids === undefined ? { kind: 'unreadable' } : { kind: 'listed', ids };
}
