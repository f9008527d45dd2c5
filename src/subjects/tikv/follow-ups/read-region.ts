/** The parts of GET /region/id/{id} (pd-api.md §5.1) a follow-up checks: the leader and the peers. */
export interface RegionPeers {
  readonly leaderStoreId?: number;
  readonly peers: readonly { readonly storeId: number; readonly role: string }[];
}

/**
 * The region, `'not_found'` for PD's three not-found forms (404 is handled by the caller; `null` and a
 * zero-valued region here), or undefined when the body is not a region at all.
 */
export function readRegion(body: string): RegionPeers | 'not_found' | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null) return 'not_found';
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const region = parsed as { id?: unknown; leader?: { store_id?: unknown }; peers?: unknown };
  if (region.id === 0 || region.id === undefined) return 'not_found';
  const peers = Array.isArray(region.peers)
    ? region.peers.flatMap((p: { store_id?: unknown; role_name?: unknown }) =>
        typeof p?.store_id === 'number'
          ? [{ storeId: p.store_id, role: typeof p.role_name === 'string' ? p.role_name : 'Voter' }]
          : [],
      )
    : [];
  const leader = region.leader?.store_id;
  return { ...(typeof leader === 'number' && { leaderStoreId: leader }), peers };
}

/** `leader on store 4; peers 1 (Voter), 4 (Voter), 5 (Learner)`: what the region shows now. */
export function describeRegion(regionId: number, region: RegionPeers): string {
  const peers = region.peers.map((p) => `${p.storeId} (${p.role})`).join(', ');
  const leader =
    region.leaderStoreId === undefined ? 'no known leader' : `leader on store ${region.leaderStoreId}`;
  return `region ${regionId}: ${leader}; peers on stores ${peers === '' ? 'none' : peers}`;
}
