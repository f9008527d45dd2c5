import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';
import type { PdRequest } from '../../../core/pd/pd-request.js';
import { schedulerListRequest } from '../../../pd/pd-request.js';
import { EVICT_LEADER_LIST, evictLeaderStoresOf } from './evict-leader-list.js';
import { parseStringList } from './operator-string.js';

/**
 * pd-ctl `scheduler show --status paused -t` (pd-api.md §3.2): `[{"name","paused_at","resume_at"}]`.
 * With `timestamp` the answer is a list of objects on every version, `[]` when none is paused
 * (without it, PD ≤ v7.5 answers `null` for none); a plain list of names is read too.
 */
const PAUSED: PdRequest = { method: 'GET', path: '/pd/api/v1/schedulers?status=paused&timestamp=true' };

/** Store IDs listed in the evict-leader row before "… and N more": a row stays one readable line. */
const EVICT_IDS_SHOWN = 12;

interface Pause {
  readonly name: string;
  readonly resumeAt?: string;
}

/** PD's paused list, or undefined when the read failed or answered something else. */
function pausesOf(response: PdResponse): Map<string, Pause> | undefined {
  const read = response.planReads?.find((r) => r.request.path === PAUSED.path);
  if (read === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.rawBody);
  } catch {
    return undefined;
  }
  if (parsed === null) return new Map();
  if (!Array.isArray(parsed)) return undefined;
  const pauses = new Map<string, Pause>();
  for (const item of parsed as unknown[]) {
    if (typeof item === 'string') pauses.set(item, { name: item });
    else if (typeof item === 'object' && item !== null && typeof (item as Pause).name === 'string') {
      const { name, resume_at: resumeAt } = item as { name: string; resume_at?: unknown };
      pauses.set(name, { name, ...(typeof resumeAt === 'string' && { resumeAt }) });
    } else return undefined;
  }
  return pauses;
}

function idList(ids: readonly number[]): string {
  const shown = ids.slice(0, EVICT_IDS_SHOWN).join(', ');
  return ids.length > EVICT_IDS_SHOWN ? `${shown} … and ${ids.length - EVICT_IDS_SHOWN} more` : shown;
}

/**
 * PD's scheduler names, sorted (PD lists them in Go map order, which changes from call to call),
 * each running or paused (until when), and the stores evict-leader-scheduler drains. A few dozen
 * rows at most, so the table is never cut in practice.
 */
export function schedulersTable(response: PdResponse): ResultTable | undefined {
  const names = parseStringList(response.rawBody);
  if (names === undefined) return undefined;
  const sorted = [...names].sort();
  const pauses = pausesOf(response);
  const evict = evictLeaderStoresOf(response);
  const hasEvictLeader = sorted.includes('evict-leader-scheduler');
  const rows = sorted.map((name) => {
    const pause = pauses?.get(name);
    const state =
      pauses === undefined
        ? '?'
        : pause === undefined
          ? 'running'
          : `paused${pause.resumeAt !== undefined ? ` until ${pause.resumeAt}` : ''}`;
    const detail =
      name !== 'evict-leader-scheduler'
        ? ''
        : evict.kind === 'listed'
          ? `stores ${idList(evict.ids)}`
          : 'store list unreadable';
    return [name, state, detail];
  });
  const count = `${sorted.length} scheduler${sorted.length === 1 ? '' : 's'}`;
  const paused =
    pauses === undefined
      ? 'which are paused is unknown (GET ?status=paused failed)'
      : sorted.filter((name) => pauses.has(name)).length === 0
        ? 'none paused'
        : `${sorted.filter((name) => pauses.has(name)).length} paused`;
  const drains = !hasEvictLeader
    ? 'no store drained'
    : evict.kind === 'listed'
      ? `evict-leader-scheduler drains ${evict.ids.length} store${evict.ids.length === 1 ? '' : 's'}`
      : 'the evict-leader store list could not be read';
  return {
    summary: `${count}, ${paused}; ${drains}`,
    columns: ['Scheduler', 'State', 'Stores'],
    rows,
  };
}

/**
 * pd-ctl `scheduler show`, with `--status paused` and `scheduler config evict-leader-scheduler`
 * read first; either failing (the list answers 404 when no store is drained) only leaves it out.
 */
export const SCHEDULERS = defineAction({
  name: 'schedulers',
  description:
    'Show the schedulers PD runs, which are paused, and the stores evict-leader-scheduler drains (pd-ctl `scheduler show`)',
  parameters: {},
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: () => ({ reads: [PAUSED, EVICT_LEADER_LIST], decide: () => ({ sends: [schedulerListRequest()] }) }),
  present: (response) => schedulersTable(response),
});
