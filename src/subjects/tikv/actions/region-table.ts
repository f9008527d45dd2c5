import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';

const ROLE_LABELS: Record<string, string> = {
  Voter: 'voter',
  Learner: 'learner',
  IncomingVoter: 'incoming voter',
  DemotingVoter: 'demoting voter',
};

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function peerIds(list: unknown, pick: (item: Json) => unknown): Set<number> {
  const out = new Set<number>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    const peer = asObject(pick(asObject(item) ?? {}));
    if (peer) out.add(num(peer.id));
  }
  return out;
}

/** The region id the request named: the last path segment of /region/id/{id}. */
function requestedName(response: PdResponse): string {
  const path = response.request.path.split('?')[0] ?? '';
  const segment = path.slice(path.lastIndexOf('/') + 1);
  let tail = segment;
  try {
    tail = decodeURIComponent(segment);
  } catch {
    // A raw binary key (`%80`) is no UTF-8: named as sent; region-key names it as typed.
  }
  return path.includes('/region/key/') ? `for key ${tail}` : tail;
}

/**
 * PD's three "no such region" answers (pd-api.md §5.1): 404 `[PD:region:ErrRegionNotFound]…` (master),
 * 200 `null` (older versions), 200 with a zero-valued RegionInfo (id 0). The 404 never reaches a
 * presenter (it is a PD error, shown with PD's body, which already says "region N not found").
 */
function notFound(response: PdResponse): ResultTable {
  return {
    summary: `region ${requestedName(response)} not found`,
    columns: ['PD answered'],
    rows: [[response.rawBody.trim()]],
  };
}

/**
 * A table of one response.RegionInfo: one row per peer with its role and whether PD lists it as
 * down or pending; leader, epoch and approximate size/keys in the summary. Undefined (PD's raw body
 * shown) when the answer is not a region at all.
 */
export function regionTable(response: PdResponse): ResultTable | undefined {
  let parsed: unknown;
  try {
    // Peer and region ids are uint64; JSON.parse rounds past 2^53, which PD's allocator never reaches.
    parsed = JSON.parse(response.rawBody);
  } catch {
    return undefined;
  }
  if (parsed === null) return notFound(response);
  const region = asObject(parsed);
  if (!region) return undefined;
  if (num(region.id) === 0) return notFound(response);
  const peers = Array.isArray(region.peers) ? region.peers : [];
  const leader = asObject(region.leader);
  const leaderId = leader ? num(leader.id) : 0;
  const down = peerIds(region.down_peers, (item) => item.peer);
  const pending = peerIds(region.pending_peers, (item) => item);
  const rows: string[][] = [];
  for (const raw of peers) {
    const peer = asObject(raw);
    if (!peer) return undefined;
    const id = num(peer.id);
    const roleName = typeof peer.role_name === 'string' ? peer.role_name : 'Voter';
    const state = [
      ...(id === leaderId && leaderId !== 0 ? ['leader'] : []),
      ...(down.has(id) ? ['DOWN'] : []),
      ...(pending.has(id) ? ['PENDING'] : []),
    ];
    rows.push([String(id), String(num(peer.store_id)), ROLE_LABELS[roleName] ?? roleName, state.join(', ')]);
  }
  const epoch = asObject(region.epoch) ?? {};
  const leaderText = leader && leaderId !== 0 ? `leader on store ${num(leader.store_id)}` : 'NO LEADER';
  const size = `~${num(region.approximate_size)} MiB, ~${num(region.approximate_keys)} keys`;
  return {
    summary:
      `region ${num(region.id)}: ${leaderText}, ${peers.length} peer${peers.length === 1 ? '' : 's'}` +
      `${down.size > 0 ? `, ${down.size} down` : ''}${pending.size > 0 ? `, ${pending.size} pending` : ''}` +
      `, epoch conf_ver ${num(epoch.conf_ver)} version ${num(epoch.version)}, ${size}`,
    columns: ['Peer', 'Store', 'Role', 'State'],
    rows,
  };
}
