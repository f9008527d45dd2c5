import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';
import type { PdRequest } from '../../../core/pd/pd-request.js';
import { quoteUint64Fields } from './quote-uint64-fields.js';

/**
 * pd-ctl `health` (pd-api.md §6): every PD member and whether its /ping answered 200 to the PD that
 * got this request (any PD since v8.5.5; the leader before, which the request was proxied to). The
 * members read comes first and only names the leader: if it fails, health is still shown.
 */
const MEMBERS: PdRequest = { method: 'GET', path: '/pd/api/v1/members' };
const HEALTH: PdRequest = { method: 'GET', path: '/pd/api/v1/health' };

function parseExact(rawBody: string): unknown {
  try {
    return JSON.parse(quoteUint64Fields(rawBody, ['member_id']));
  } catch {
    return undefined;
  }
}

/** The leader's member_id as PD wrote it (digits), or undefined when /members did not say. */
function leaderIdOf(members: PdResponse | undefined): string | undefined {
  if (members === undefined) return undefined;
  const parsed = parseExact(members.rawBody);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const leader = (parsed as Record<string, unknown>).leader;
  if (typeof leader !== 'object' || leader === null) return undefined;
  const id = (leader as Record<string, unknown>).member_id;
  return typeof id === 'string' ? id : undefined;
}

/** A table of PD's own answer: one row per member, as many as PD lists (a handful in practice). */
function membersTable(response: PdResponse): ResultTable | undefined {
  const parsed = parseExact(response.rawBody);
  // An empty list is no cluster PD could be part of; show PD's body as it is.
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const membersRead = response.planReads?.find((r) => r.request.path === MEMBERS.path);
  const leaderId = leaderIdOf(membersRead);
  const rows: string[][] = [];
  let leaders = 0;
  for (const member of parsed as unknown[]) {
    if (typeof member !== 'object' || member === null) return undefined;
    const { name, health, client_urls: urls, member_id: id } = member as Record<string, unknown>;
    if (typeof name !== 'string' || typeof health !== 'boolean') return undefined;
    const clientUrls = Array.isArray(urls) ? urls.filter((u) => typeof u === 'string').join(', ') : '';
    // Exact digits on both sides: never a JS number, which rounds IDs above 2^53 together.
    const isLeader = leaderId !== undefined && typeof id === 'string' && id === leaderId;
    if (isLeader) leaders++;
    const role = leaderId === undefined ? '?' : isLeader ? 'leader' : 'follower';
    rows.push([name, role, health ? 'healthy' : 'UNHEALTHY', clientUrls]);
  }
  const unhealthy = rows.filter((row) => row[2] !== 'healthy').length;
  const count = `${rows.length} PD member${rows.length === 1 ? '' : 's'}`;
  const state = unhealthy === 0 ? `${count}, all healthy` : `${count}, ${unhealthy} not answering PD's ping`;
  const leader =
    leaderId === undefined
      ? membersRead === undefined
        ? '; leader unknown (GET /pd/api/v1/members failed)'
        : '; PD named no leader'
      : leaders === 0
        ? `; the leader (member_id ${leaderId}) is not in this list`
        : '';
  return {
    summary: `${state}${leader}`,
    columns: ['Member', 'Role', 'Health', 'Client URLs'],
    rows,
  };
}

/** Read-only: open to everyone under the policy; a dry run shows the GET without sending it. */
export const HEALTH_ACTION = defineAction({
  name: 'health',
  description: 'Show every PD member, which is the leader, and whether each is healthy (pd-ctl `health`)',
  parameters: {},
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  // The members read failing is not a reason to hide health: decide never stops on it.
  plan: () => ({ reads: [MEMBERS], decide: () => ({ sends: [HEALTH] }) }),
  present: (response) => membersTable(response),
});
