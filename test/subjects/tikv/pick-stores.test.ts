import { describe, expect, it } from 'vitest';
import type { RegionPeers, StoreSummary } from '../../../src/core/stores/store-directory.js';
import { matchStores, storeScope } from '../../../src/subjects/tikv/pick-stores.js';

const store = (id: number, extra: Partial<StoreSummary> = {}): StoreSummary => ({
  id,
  address: `tikv-${id}:20160`,
  stateName: 'Up',
  labels: [{ key: 'zone', value: `az${id}` }],
  leaderCount: 10,
  regionCount: 20,
  evicting: false,
  ...extra,
});
const STORES = [
  store(1),
  store(2),
  store(3, { leaderCount: 0 }),
  store(4, { evicting: true }),
  store(5, { stateName: 'Offline' }),
  store(14),
  store(41),
];
const REGION: RegionPeers = {
  id: 42,
  leaderStoreId: 2,
  peers: [
    { storeId: 4, role: 'Voter', down: false, pending: false },
    { storeId: 2, role: 'Voter', down: false, pending: false },
    { storeId: 3, role: 'Learner', down: false, pending: false },
  ],
};
const ids = (action: string, field: string, region: Parameters<typeof storeScope>[2] = { kind: 'none' }) =>
  matchStores(STORES, '', storeScope(action, field, region).keep, 100).stores.map((s) => s.id);

describe('which stores a field offers', () => {
  it('transfer-leader: voters of the region but its leader; without a region, Up stores', () => {
    expect(ids('transfer_leader', 'to_store_id', { kind: 'known', region: REGION })).toEqual([4]);
    expect(ids('transfer_leader', 'to_store_id')).toEqual([1, 2, 3, 4, 14, 41]);
    expect(storeScope('transfer_leader', 'to_store_id', { kind: 'unread', id: 42 }).scope).toBe(
      'Up stores (region 42 not read)',
    );
  });

  it('transfer-peer: targets without a peer, sources with one', () => {
    expect(ids('transfer_peer', 'to_store_id', { kind: 'known', region: REGION })).toEqual([1, 5, 14, 41]);
    expect(ids('transfer_peer', 'from_store_id', { kind: 'known', region: REGION })).toEqual([2, 3, 4]);
  });

  it('drain-store: Up stores with leaders; undrain-store: stores under evict-leader; others: all', () => {
    expect(ids('drain_store', 'store_id')).toEqual([1, 2, 4, 14, 41]);
    expect(ids('undrain_store', 'store_id')).toEqual([4]);
    expect(ids('store', 'store_id')).toEqual([1, 2, 3, 4, 5, 14, 41]);
  });
});

describe('typeahead', () => {
  const typed = (text: string) => matchStores(STORES, text, () => true, 100).stores.map((s) => s.id);
  it('puts the exact id first, then ids starting with it, then addresses, then labels', () => {
    expect(typed('4')).toEqual([4, 41, 14]);
    expect(typed('tikv-1:')).toEqual([1]);
    expect(typed('AZ5')).toEqual([5]);
    expect(typed('nothing')).toEqual([]);
  });

  it('counts every match but keeps only the limit', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => store(i + 1));
    const result = matchStores(many, '', () => true, 100);
    expect([result.matched, result.stores.length, result.stores[99]?.id]).toEqual([10_000, 100, 100]);
  });
});
