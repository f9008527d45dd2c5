import type { RegionPeers } from '../../core/stores/store-directory.js';

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * `GET /region/id/{id}`'s body (pd-api.md §5.1) as peers by store: 'not_found' for PD's `null` and
 * zero-valued answers (the 404 form is an HTTP error the caller sees), undefined when it is not a
 * region at all. Peer objects omit zero fields, so a missing role_name is a Voter.
 */
export function readRegionPeers(rawBody: string): RegionPeers | 'not_found' | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (parsed === null) return 'not_found';
  const region = asObject(parsed);
  if (!region) return undefined;
  if (num(region.id) === 0) return 'not_found';
  const idsOf = (list: unknown, pick: (item: Json) => unknown): Set<number> =>
    new Set(
      (Array.isArray(list) ? list : []).flatMap((item) => {
        const peer = asObject(pick(asObject(item) ?? {}));
        return peer ? [num(peer.id)] : [];
      }),
    );
  const down = idsOf(region.down_peers, (item) => item.peer);
  const pending = idsOf(region.pending_peers, (item) => item);
  const peers = (Array.isArray(region.peers) ? region.peers : []).flatMap((raw) => {
    const peer = asObject(raw);
    if (!peer) return [];
    const id = num(peer.id);
    return [
      {
        storeId: num(peer.store_id),
        role: typeof peer.role_name === 'string' && peer.role_name !== '' ? peer.role_name : 'Voter',
        down: down.has(id),
        pending: pending.has(id),
      },
    ];
  });
  const leaderStoreId = num(asObject(region.leader)?.store_id);
  return { id: num(region.id), ...(leaderStoreId !== 0 && { leaderStoreId }), peers };
}
