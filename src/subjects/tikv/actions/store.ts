import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';
import { storeRequest } from '../../../pd/pd-request.js';
import { storeNotFound } from '../known-pd-errors.js';
import { labelText, readStoreInfo, storeAttention } from '../store-info-view.js';
import { EVICT_LEADER_LIST, evictLeaderStoresOf } from './evict-leader-list.js';

/** Status keys shown, in this order, when PD sent them (it omits zero values). */
const STATUS_FIELDS = [
  'capacity',
  'available',
  'used_size',
  'leader_count',
  'region_count',
  'learner_count',
  'witness_count',
  'pending_peer_count',
  'leader_weight',
  'region_weight',
  'slow_score',
  'network_slow_score',
  'sending_snap_count',
  'receiving_snap_count',
  'is_busy',
  'pause_leader_transfer_in',
  'pause_leader_transfer_out',
  'start_ts',
  'last_heartbeat_ts',
  'uptime',
] as const;

/** Store keys shown besides id, address, state and labels. */
const STORE_FIELDS = [
  'version',
  'status_address',
  'git_hash',
  'deploy_path',
  'physically_destroyed',
] as const;

function cellOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Whether the store is in evict-leader-scheduler's list, as the row says it: PD's
 * pause_leader_transfer_in lags the list by a heartbeat (and older PDs do not send it), so the list
 * is the word for "drained". A failed read leaves it unknown and says so; it never fails the view.
 */
function evictLeaderRow(response: PdResponse, storeId: number): { text: string; listed?: boolean } {
  const list = evictLeaderStoresOf(response);
  switch (list.kind) {
    case 'listed':
      return list.ids.includes(storeId)
        ? { text: "yes (in evict-leader-scheduler's store list)", listed: true }
        : { text: "no (not in evict-leader-scheduler's store list)", listed: false };
    case 'none':
      return { text: 'no (PD runs no evict-leader-scheduler)', listed: false };
    case 'unreadable':
      return { text: "unknown (PD's evict-leader list was not in the shape PD documents)" };
    case 'unread':
      return { text: 'unknown (reading the evict-leader list from PD failed)' };
  }
}

/** pd-ctl `store S` as Field | Value rows; PD's 404 for an unknown store is shown as PD's answer. */
function storeTable(response: PdResponse): ResultTable | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.rawBody);
  } catch {
    return undefined;
  }
  const read = readStoreInfo(parsed);
  if (!read) return undefined;
  const evictLeader = evictLeaderRow(response, read.id);
  const view = evictLeader.listed === true ? { ...read, evicting: true } : read;
  const rows: string[][] = [
    ['id', String(view.id)],
    ['address', view.address],
    ['state_name', view.stateName],
    ['labels', labelText(view)],
    ['evict-leader', evictLeader.text],
  ];
  for (const key of STORE_FIELDS) {
    const text = cellOf(view.store[key]);
    if (text !== undefined) rows.push([key, text]);
  }
  for (const key of STATUS_FIELDS) {
    const text = cellOf(view.status[key]);
    if (text !== undefined) rows.push([key, text]);
  }
  const reasons = storeAttention(view);
  return {
    summary: `store ${view.id} is ${view.stateName}${reasons
      .filter((r) => r !== view.stateName.toLowerCase())
      .map((r) => `, ${r}`)
      .join('')}${evictLeader.listed === undefined ? ' (whether it is under evict-leader is unknown)' : ''}`,
    columns: ['Field', 'Value'],
    rows,
  };
}

/** Read-only: open to everyone under the policy; a dry run shows the GET without sending it. */
export const STORE_ACTION = defineAction({
  name: 'store',
  description: "Show one store's fields (pd-ctl `store <id>`)",
  parameters: {
    store_id: {
      type: 'store_id',
      label: 'Store ID',
      description: 'Store to show',
      required: true,
    },
  },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  // The evict-leader list is read first; 404 (no scheduler) or any failure never fails the view.
  plan: ({ store_id: id }) => ({ reads: [EVICT_LEADER_LIST], decide: () => ({ sends: [storeRequest(id)] }) }),
  present: (response) => storeTable(response),
  presentError: (error) => storeNotFound(error),
});
