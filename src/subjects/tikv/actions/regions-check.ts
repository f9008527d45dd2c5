import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';
import { leadingJsonElements } from './leading-json-elements.js';

const KINDS = ['down-peer', 'pending-peer', 'offline-peer', 'miss-peer', 'extra-peer', 'learner-peer'];

/** Rows shown at most; PD's count is always in the summary. */
export const REGIONS_CHECK_ROWS = 20;

/**
 * PD's `{"count":N,"regions":[…]}`: the count and the first REGIONS_CHECK_ROWS regions (id, leader
 * store, peers as store ids with roles). Undefined (PD's raw body shown, cut to Slack's limits) when
 * the body is not that shape, including when PD's list was longer than the client reads.
 */
function checkTable(kind: string, response: PdResponse): ResultTable | undefined {
  // Go writes count before regions, so both survive a body cut by the client's cap.
  const head = /^\{"count":(\d+),"regions":(\[|null)/.exec(response.rawBody);
  if (!head) return undefined;
  const count = Number(head[1]);
  const list: unknown[] = [];
  if (head[2] === '[') {
    for (const element of leadingJsonElements(response.rawBody, head[0].length - 1, REGIONS_CHECK_ROWS)) {
      try {
        list.push(JSON.parse(element));
      } catch {
        return undefined;
      }
    }
  }
  const rows: string[][] = [];
  for (const raw of list.slice(0, REGIONS_CHECK_ROWS)) {
    if (typeof raw !== 'object' || raw === null) return undefined;
    const region = raw as Record<string, unknown>;
    const leader = (region.leader ?? {}) as Record<string, unknown>;
    const peers = Array.isArray(region.peers) ? (region.peers as Record<string, unknown>[]) : [];
    const peerText = peers
      .map(
        (p) =>
          `${String(p.store_id ?? 0)}${p.role_name && p.role_name !== 'Voter' ? ` (${String(p.role_name)})` : ''}`,
      )
      .join(', ');
    rows.push([
      String(region.id ?? 0),
      leader.store_id === undefined ? 'none' : String(leader.store_id),
      peerText,
    ]);
  }
  const shown = count > rows.length ? `, first ${rows.length} shown` : '';
  return {
    summary: `${count} region${count === 1 ? '' : 's'} with ${kind}${shown}`,
    columns: ['Region', 'Leader store', 'Peer stores'],
    rows,
  };
}

/**
 * pd-ctl `region check <kind>` (pd-api.md §5.3, §9). PD's route takes no limit: it answers every
 * region in that state, so only the first rows are shown (and the client's body cap bounds the read).
 */
export const REGIONS_CHECK_ACTION = defineAction({
  name: 'regions_check',
  description:
    'List regions in an unhealthy state (pd-ctl `region check <kind>`); PD returns its full list for that state, the first 20 are shown',
  parameters: {
    kind: {
      type: 'choice',
      label: 'Kind',
      description: 'Which check: down-peer, pending-peer, offline-peer, miss-peer, extra-peer, learner-peer',
      required: true,
      choices: KINDS,
    },
  },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: (p) => ({
    reads: [],
    decide: () => ({ sends: [{ method: 'GET', path: `/pd/api/v1/regions/check/${p.kind}` }] }),
  }),
  present: (response) =>
    checkTable(response.request.path.slice(response.request.path.lastIndexOf('/') + 1), response),
});
