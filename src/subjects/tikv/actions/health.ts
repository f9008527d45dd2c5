import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdRequest } from '../../../core/pd/pd-request.js';

/**
 * pd-ctl `health` (pd-api.md §6): every PD member and whether its /ping answered 200 to the PD that
 * got this request (any PD since v8.5.5; the leader before, which the request was proxied to).
 */
const HEALTH: PdRequest = { method: 'GET', path: '/pd/api/v1/health' };

/** A table of PD's own answer: one row per member, as many as PD lists (a handful in practice). */
function membersTable(rawBody: string): ResultTable | undefined {
  let parsed: unknown;
  try {
    // member_id is a uint64 that JSON.parse would round; it is not shown, so rounding is harmless.
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  // An empty list is no cluster PD could be part of; show PD's body as it is.
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const rows: string[][] = [];
  for (const member of parsed as unknown[]) {
    if (typeof member !== 'object' || member === null) return undefined;
    const { name, health, client_urls: urls } = member as Record<string, unknown>;
    if (typeof name !== 'string' || typeof health !== 'boolean') return undefined;
    const clientUrls = Array.isArray(urls) ? urls.filter((u) => typeof u === 'string').join(', ') : '';
    rows.push([name, health ? 'healthy' : 'UNHEALTHY', clientUrls]);
  }
  const unhealthy = rows.filter((row) => row[1] !== 'healthy').length;
  const count = `${rows.length} PD member${rows.length === 1 ? '' : 's'}`;
  return {
    summary: unhealthy === 0 ? `${count}, all healthy` : `${count}, ${unhealthy} not answering PD's ping`,
    columns: ['Member', 'Health', 'Client URLs'],
    rows,
  };
}

/** Read-only: open to everyone under the policy; a dry run shows the GET without sending it. */
export const HEALTH_ACTION = defineAction({
  name: 'health',
  description: 'Show every PD member and whether it is healthy (pd-ctl `health`)',
  parameters: {},
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: () => ({ reads: [], decide: () => ({ sends: [HEALTH] }) }),
  present: (response) => membersTable(response.rawBody),
});
