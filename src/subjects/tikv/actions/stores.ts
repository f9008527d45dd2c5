import type { ActionParams } from '../../../core/actions/action-definition.js';
import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';
import type { PdRequest } from '../../../core/pd/pd-request.js';
import { labelText, readStoreInfos, type StoreInfoView, storeAttention } from '../store-info-view.js';
import { EVICT_LEADER_LIST, evictLeaderStoresOf } from './evict-leader-list.js';

/**
 * pd-ctl `store` (pd-api.md §4.1): every store PD lists (Up and Offline; Tombstone only when asked).
 * One GET that is O(stores), never O(regions): PD keeps the counts per store.
 */
/** ~1.2 KB a store: 32 MiB covers about 26,000 stores, and bounds what a hostile PD can make the bot hold. */
const STORES: PdRequest = { method: 'GET', path: '/pd/api/v1/stores', maxBodyBytes: 32 * 1024 * 1024 };

/**
 * Rows on one page. A row is ~125 characters, so a page stays well inside one Slack section (3,000)
 * whatever the addresses and labels; 10,000 stores are 667 pages, each one message.
 */
export const STORES_ROW_LIMIT = 15;

const COLUMNS = ['ID', 'Address', 'State', 'Leaders', 'Regions', 'Labels', 'Capacity', 'Available', 'Flags'];

/**
 * The stores needing attention first, then the rest, each by id; one page of them. A store is
 * evicting when PD says `pause_leader_transfer_in` or when it is in the evict-leader list (the
 * flag lags the list by a heartbeat, and older PDs do not report it).
 */
function storesTable(response: PdResponse, params: ActionParams | undefined): ResultTable | undefined {
  const read = readStoreInfos(response.rawBody);
  if (read === undefined) return undefined;
  const evictList = evictLeaderStoresOf(response);
  const drained = new Set(evictList.kind === 'listed' ? evictList.ids : []);
  const views = read
    .map((view) => (drained.has(view.id) ? { ...view, evicting: true } : view))
    .sort((a, b) => a.id - b.id);
  const flagged = views.map((view) => ({ view, reasons: storeAttention(view) }));
  const attention = flagged.filter((f) => f.reasons.length > 0);
  const ordered = [...attention, ...flagged.filter((f) => f.reasons.length === 0)];
  const pages = Math.max(1, Math.ceil(ordered.length / STORES_ROW_LIMIT));
  const asked = typeof params?.page === 'number' ? params.page : 1;
  const page = Math.min(Math.max(1, asked), pages);
  const first = (page - 1) * STORES_ROW_LIMIT;
  const shown = ordered.slice(first, first + STORES_ROW_LIMIT);
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
  const last = first + shown.length;
  const past = asked > pages ? ` (there is no page ${asked})` : '';
  return {
    summary: summaryLine(views, attention.length),
    columns: COLUMNS,
    rows,
    ...(pages > 1 && {
      footer: `Page ${page} of ${pages}${past}: stores ${first + 1}–${last} of ${ordered.length}${page < pages ? `; next: stores page=${page + 1}` : ''}`,
      paging: { page, pages },
    }),
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

/** Read-only: open to everyone under the policy; a dry run shows the GETs without sending them. */
export const STORES_ACTION = defineAction({
  name: 'stores',
  description: 'List the stores, the ones needing attention first, a page at a time (pd-ctl `store`)',
  parameters: {
    page: {
      type: 'page',
      label: 'Page',
      description: `Which page of ${STORES_ROW_LIMIT} stores to show; 1, the default, starts with the stores needing attention`,
      required: false,
    },
  },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  // The evict-leader list is read first; 404 (no scheduler) or any failure only leaves it out.
  plan: () => ({ reads: [EVICT_LEADER_LIST], decide: () => ({ sends: [STORES] }) }),
  present: storesTable,
});
