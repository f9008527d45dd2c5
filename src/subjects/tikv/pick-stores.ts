import type { RegionPeers, StoreSummary } from '../../core/stores/store-directory.js';

/** Which stores a store field offers, and how to say so. */
export interface StoreScope {
  readonly keep: (store: StoreSummary) => boolean;
  /** Plain words, e.g. "stores holding a voter of region 42". */
  readonly scope: string;
}

/** The region as the form knows it: none typed, PD's peers, not found, or not read in time. */
export type RegionInForm =
  | { readonly kind: 'none' }
  | { readonly kind: 'known'; readonly region: RegionPeers }
  | { readonly kind: 'not_found'; readonly id: number }
  | { readonly kind: 'unread'; readonly id: number };

const up = (s: StoreSummary) => s.stateName === 'Up';
const UP_STORES: StoreScope = { keep: up, scope: 'Up stores' };

function withoutRegion(region: RegionInForm, fallback: StoreScope): StoreScope {
  if (region.kind === 'not_found') {
    return { ...fallback, scope: `${fallback.scope} (region ${region.id} not found)` };
  }
  if (region.kind === 'unread') {
    return { ...fallback, scope: `${fallback.scope} (region ${region.id} not read)` };
  }
  return fallback;
}

/**
 * The stores suited to one field of one action (issue 9): transfer-leader's target holds a voter of
 * the region; transfer-peer's target holds no peer of it and its source does; drain-store takes Up
 * stores with leaders; undrain-store, stores under evict-leader. Any other store field: all stores.
 */
export function storeScope(action: string, field: string, region: RegionInForm): StoreScope {
  const peersOf = (r: RegionPeers) => new Set(r.peers.map((p) => p.storeId));
  switch (`${action}.${field}`) {
    case 'transfer_leader.to_store_id': {
      if (region.kind !== 'known') return withoutRegion(region, UP_STORES);
      const { region: r } = region;
      const voters = new Set(
        r.peers.filter((p) => p.role === 'Voter' || p.role === 'IncomingVoter').map((p) => p.storeId),
      );
      if (r.leaderStoreId !== undefined) voters.delete(r.leaderStoreId);
      const leader = r.leaderStoreId !== undefined ? `, leader on ${r.leaderStoreId} left out` : '';
      return { keep: (s) => voters.has(s.id), scope: `Voters of region ${r.id}${leader}` };
    }
    case 'transfer_peer.to_store_id': {
      if (region.kind !== 'known') return withoutRegion(region, UP_STORES);
      const holders = peersOf(region.region);
      return {
        keep: (s) => !holders.has(s.id),
        scope: `Stores without a peer of region ${region.region.id}`,
      };
    }
    case 'transfer_peer.from_store_id': {
      if (region.kind !== 'known') return withoutRegion(region, { keep: () => true, scope: 'All stores' });
      const holders = peersOf(region.region);
      return { keep: (s) => holders.has(s.id), scope: `Stores holding a peer of region ${region.region.id}` };
    }
    case 'drain_store.store_id':
      return { keep: (s) => up(s) && s.leaderCount > 0, scope: 'Up stores with leaders' };
    case 'undrain_store.store_id':
      // status.pause_leader_transfer_in marks the stores in evict-leader-scheduler's list, for free.
      return { keep: (s) => s.evicting, scope: 'Stores under evict-leader' };
    default:
      return { keep: () => true, scope: 'All stores' };
  }
}

/** How well a store matches what was typed: 0 best; undefined when it does not match. */
function rank(store: StoreSummary, typed: string): number | undefined {
  if (typed === '') return 0;
  const id = String(store.id);
  if (id === typed) return 0;
  if (id.startsWith(typed)) return 1;
  if (store.address.toLowerCase().includes(typed)) return 2;
  if (store.labels.some((l) => `${l.key}=${l.value}`.toLowerCase().includes(typed))) return 3;
  return undefined;
}

/**
 * Typeahead over id, address and labels: an exact id first, then ids starting with the text, then
 * addresses, then labels; by id within each. One pass over the list, so 10,000 stores take about a
 * millisecond; only the first `limit` are kept.
 */
export function matchStores(
  stores: readonly StoreSummary[],
  typed: string,
  keep: (store: StoreSummary) => boolean,
  limit: number,
): { stores: StoreSummary[]; matched: number } {
  const text = typed.trim().toLowerCase();
  const ranked: { store: StoreSummary; rank: number }[] = [];
  for (const store of stores) {
    if (!keep(store)) continue;
    const r = rank(store, text);
    if (r !== undefined) ranked.push({ store, rank: r });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.store.id - b.store.id);
  return { stores: ranked.slice(0, limit).map((r) => r.store), matched: ranked.length };
}
