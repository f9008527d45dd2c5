import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdRequest } from '../../../core/pd/pd-request.js';
import { labelText, readStoreInfo, type StoreInfoView, storeAttention } from '../store-info-view.js';

/**
 * pd-ctl `store` (pd-api.md §4.1): every store PD lists (Up and Offline; Tombstone only when asked).
 * One GET that is O(stores), never O(regions): PD keeps the counts per store.
 */
/** ~1.2 KB a store: 32 MiB covers about 26,000 stores, and bounds what a hostile PD can make the bot hold. */
const STORES: PdRequest = { method: 'GET', path: '/pd/api/v1/stores', maxBodyBytes: 32 * 1024 * 1024 };

/**
 * Rows shown at most. The stores needing attention come first; a 10,000-store cluster still makes
 * one Slack message, and the healthy rest is one line (paging buttons are a later step).
 */
export const STORES_ROW_LIMIT = 15;

const COLUMNS = ['ID', 'Address', 'State', 'Leaders', 'Regions', 'Labels', 'Capacity', 'Available', 'Flags'];

function storesTable(rawBody: string): ResultTable | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  const list = (parsed as { stores?: unknown } | null)?.stores;
  if (!Array.isArray(list)) return undefined;
  const views: StoreInfoView[] = [];
  for (const item of list as unknown[]) {
    const view = readStoreInfo(item);
    if (!view) return undefined;
    views.push(view);
  }
  views.sort((a, b) => a.id - b.id);
  const flagged = views.map((view) => ({ view, reasons: storeAttention(view) }));
  const attention = flagged.filter((f) => f.reasons.length > 0);
  const healthy = flagged.filter((f) => f.reasons.length === 0);
  const shown = [...attention, ...healthy].slice(0, STORES_ROW_LIMIT);
  const rows = shown.map(({ view, reasons }) => [
    String(view.id),
    view.address,
    view.stateName,
    String(view.leaderCount),
    String(view.regionCount),
    labelText(view),
    view.capacity,
    view.available,
    reasons.filter((r) => r !== view.stateName.toLowerCase()).join(', '),
  ]);
  const hiddenAttention = Math.max(0, attention.length - STORES_ROW_LIMIT);
  const hiddenHealthy = healthy.length - Math.max(0, STORES_ROW_LIMIT - attention.length);
  const footer = [
    hiddenAttention > 0 ? `${hiddenAttention} more needing attention` : '',
    hiddenHealthy > 0 ? `${hiddenHealthy} more Up stores` : '',
  ]
    .filter((part) => part !== '')
    .join(' and ');
  return {
    summary: summaryLine(views, attention.length),
    columns: COLUMNS,
    rows,
    ...(footer === '' ? {} : { footer: `… and ${footer} not shown (paging comes later)` }),
  };
}

/** "7 stores: 5 Up, 1 Offline, 1 Down; 2 need attention", states in the order PD's list first names them. */
function summaryLine(views: readonly StoreInfoView[], attention: number): string {
  const byState = new Map<string, number>();
  for (const view of views) byState.set(view.stateName, (byState.get(view.stateName) ?? 0) + 1);
  const counts = [...byState].map(([state, n]) => `${n} ${state}`).join(', ');
  const total = `${views.length} store${views.length === 1 ? '' : 's'}`;
  if (views.length === 0) return '0 stores';
  const needs =
    attention === 0 ? 'none need attention' : `${attention} need${attention === 1 ? 's' : ''} attention`;
  return `${total}: ${counts}; ${needs}`;
}

/** Read-only: open to everyone under the policy; a dry run shows the GET without sending it. */
export const STORES_ACTION = defineAction({
  name: 'stores',
  description: 'List the stores, the ones needing attention first (pd-ctl `store`)',
  parameters: {},
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: () => ({ reads: [], decide: () => ({ sends: [STORES] }) }),
  present: (response) => storesTable(response.rawBody),
});
