/** A PD HTTP call as data: what the client sends, what a dry-run shows, what the audit records. */
export interface PdRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path under the PD endpoint, starting with /pd/api/v1. */
  readonly path: string;
  /** JSON body, sent exactly as pd-ctl sends it. */
  readonly body?: Readonly<Record<string, unknown>>;
}

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

/** pd-ctl `scheduler add evict-leader-scheduler S`; PD merges into the one cluster-wide scheduler. */
export function evictLeaderSchedulerRequest(storeId: number): PdRequest {
  return {
    method: 'POST',
    path: `${PD_API}/schedulers`,
    body: { name: 'evict-leader-scheduler', store_id: storeId },
  };
}

/** The body bytes PD receives: compact JSON, as pd-ctl's json.Marshal produces. */
export function encodePdBody(request: PdRequest): string | undefined {
  return request.body === undefined ? undefined : JSON.stringify(request.body);
}
