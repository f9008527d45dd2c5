import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import { schedulerListRequest } from '../../../pd/pd-request.js';
import { parseStringList } from './operator-string.js';

/**
 * PD's scheduler names (pd-api.md §3.2), sorted: PD lists them in Go map order, which changes
 * from call to call. A few dozen at most, so the table is never cut in practice.
 */
export function schedulersTable(rawBody: string): ResultTable | undefined {
  const names = parseStringList(rawBody);
  if (names === undefined) return undefined;
  const sorted = [...names].sort();
  return {
    summary: `${sorted.length} scheduler${sorted.length === 1 ? '' : 's'} running`,
    columns: ['Scheduler'],
    rows: sorted.map((name) => [name]),
  };
}

/**
 * pd-ctl `scheduler show`. Only the names for now: the paused list (`?status=paused`) and the
 * evict-leader store list are separate reads a presenter of one answer cannot combine.
 */
export const SCHEDULERS = defineAction({
  name: 'schedulers',
  description: 'Show the schedulers PD runs (pd-ctl `scheduler show`)',
  parameters: {},
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: () => ({ reads: [], decide: () => ({ sends: [schedulerListRequest()] }) }),
  present: (response) => schedulersTable(response.rawBody),
});
