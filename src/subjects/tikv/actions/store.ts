import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import { storeRequest } from '../../../pd/pd-request.js';
import { storeNotFound } from '../known-pd-errors.js';
import { labelText, readStoreInfo, storeAttention } from '../store-info-view.js';

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

/** pd-ctl `store S` as Field | Value rows; PD's 404 for an unknown store is shown as PD's answer. */
function storeTable(rawBody: string): ResultTable | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  const view = readStoreInfo(parsed);
  if (!view) return undefined;
  const rows: string[][] = [
    ['id', String(view.id)],
    ['address', view.address],
    ['state_name', view.stateName],
    ['labels', labelText(view)],
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
      .join('')}`,
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
  plan: ({ store_id: id }) => ({ reads: [], decide: () => ({ sends: [storeRequest(id)] }) }),
  present: (response) => storeTable(response.rawBody),
  presentError: (error) => storeNotFound(error),
});
