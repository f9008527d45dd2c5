import type { PdRequest } from '../core/pd/pd-request.js';

// The PD values core speaks are declared in core; the PD client and the subjects import them from here too.
export { encodePdBody, type PdRequest } from '../core/pd/pd-request.js';

export const PD_API = '/pd/api/v1';

/** pd-ctl `operator add transfer-leader R S`. PD reads only `to_store_id` (§1.1). */
export function transferLeaderRequest(regionId: number, toStoreId: number): PdRequest {
  return {
    method: 'POST',
    path: `${PD_API}/operators`,
    body: { name: 'transfer-leader', region_id: regionId, to_store_id: toStoreId },
  };
}

/** pd-ctl `operator add transfer-peer R F T`. */
export function transferPeerRequest(regionId: number, fromStoreId: number, toStoreId: number): PdRequest {
  return {
    method: 'POST',
    path: `${PD_API}/operators`,
    body: { name: 'transfer-peer', region_id: regionId, from_store_id: fromStoreId, to_store_id: toStoreId },
  };
}

/** The one cluster-wide scheduler drain-store adds stores to. */
export const EVICT_LEADER_SCHEDULER = 'evict-leader-scheduler';

/**
 * Creates evict-leader-scheduler with store S: what pd-ctl `scheduler add evict-leader-scheduler S`
 * sends when the scheduler is not listed yet. Sent while it exists, PD re-posts it to its own
 * advertised URL over plain HTTP (pd-api.md, Corrections), so drain-store checks first.
 */
export function evictLeaderSchedulerRequest(storeId: number): PdRequest {
  return {
    method: 'POST',
    path: `${PD_API}/schedulers`,
    body: { name: EVICT_LEADER_SCHEDULER, store_id: storeId },
  };
}

/** Adds store S to the existing evict-leader-scheduler, as pd-ctl does once it sees it listed (§3.4). */
export function evictLeaderAddStoreRequest(storeId: number): PdRequest {
  return {
    method: 'POST',
    path: `${PD_API}/scheduler-config/${EVICT_LEADER_SCHEDULER}/config`,
    body: { name: EVICT_LEADER_SCHEDULER, store_id: storeId },
  };
}

/** pd-ctl `scheduler show`: the names of the running schedulers (§3.2); a few dozen at most. */
export function schedulerListRequest(): PdRequest {
  return { method: 'GET', path: `${PD_API}/schedulers` };
}

/** pd-ctl `store S`: one StoreInfo (§4.2). */
export function storeRequest(storeId: number): PdRequest {
  return { method: 'GET', path: `${PD_API}/store/${storeId}` };
}

/** pd-ctl `region R`: one region's leader and peers (§5.1); small whatever the cluster's size. */
export function regionRequest(regionId: number): PdRequest {
  return { method: 'GET', path: `${PD_API}/region/id/${regionId}` };
}

/**
 * Reads whose answer is small whatever the cluster's size, so a dry run may send them for real.
 * An allowlist, not a denylist: `/regions`, `/regions/store/{id}` and `/regions/key?limit=0` grow
 * with the cluster (pd-api.md §5.3), and a new read must be judged before a preview may send it.
 */
const BOUNDED_READS: readonly RegExp[] = [
  new RegExp(`^${PD_API}/schedulers$`),
  new RegExp(`^${PD_API}/store/[1-9][0-9]*$`),
  // One region: its peers (a handful), never the region list.
  new RegExp(`^${PD_API}/region/id/[1-9][0-9]*$`),
  // One entry per PD member: three or five in practice, never growing with stores or regions.
  new RegExp(`^${PD_API}/members$`),
];

export function isBoundedRead(request: PdRequest): boolean {
  return request.method === 'GET' && BOUNDED_READS.some((pattern) => pattern.test(request.path));
}
