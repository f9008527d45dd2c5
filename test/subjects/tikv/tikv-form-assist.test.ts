import { describe, expect, it } from 'vitest';
import type {
  RegionAnswer,
  StoreDirectory,
  StoreSummary,
  StoresAnswer,
} from '../../../src/core/stores/store-directory.js';
import { TikvFormAssist } from '../../../src/subjects/tikv/tikv-form-assist.js';

const store = (id: number, stateName = 'Up'): StoreSummary => ({
  id,
  address: `tikv-${id}:20160`,
  stateName,
  labels: [],
  leaderCount: 1,
  regionCount: 1,
  evicting: false,
});

/** A directory answering from fixed values: the assist's own logic, without PD or a cache. */
function directory(stores: StoresAnswer, region: RegionAnswer): StoreDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    stores: async () => {
      asked.push('stores');
      return stores;
    },
    region: async (_cluster, id) => {
      asked.push(`region ${id}`);
      return region;
    },
  };
}

const REGION: RegionAnswer = {
  ok: true,
  region: { id: 42, leaderStoreId: 2, peers: [{ storeId: 2, role: 'Voter', down: false, pending: false }] },
};
const snapshot = (fresh: boolean): StoresAnswer => ({
  ok: true,
  snapshot: { cluster: 'c', stores: [store(1), store(2)], readAt: 0 },
  fresh,
});
const query = (form: Record<string, string>) => ({
  cluster: 'c',
  action: 'transfer_leader',
  form,
  waitMs: 100,
});

describe('TikvFormAssist.formContext', () => {
  it('has nothing to say for actions without a region, and reads nothing before a region is typed', async () => {
    const d = directory(snapshot(true), REGION);
    const assist = new TikvFormAssist(d);
    expect(await assist.formContext({ ...query({}), action: 'drain_store' })).toBeUndefined();
    expect(await assist.formContext(query({ region_id: '4x' }))).toEqual({ notes: [], warnings: [] });
    expect(d.asked).toEqual([]);
  });

  it('reads only the region until a target is picked, then the cached store list too', async () => {
    const d = directory(snapshot(true), REGION);
    const assist = new TikvFormAssist(d);
    await assist.formContext(query({ region_id: '42' }));
    expect(d.asked).toEqual(['region 42']);
    const context = await assist.formContext(query({ region_id: '42', to_store_id: '1' }));
    expect(d.asked).toEqual(['region 42', 'region 42', 'stores']);
    expect(context?.warnings).toEqual([
      'Store 1 holds no peer of region 42, so PD will refuse it ("region has no voter in store 1").',
    ]);
  });

  it('says when the store states come from an older list because PD was slow', async () => {
    const assist = new TikvFormAssist(directory(snapshot(false), REGION));
    const context = await assist.formContext(query({ region_id: '42', to_store_id: '2' }));
    expect(context?.notes).toContain(
      'Store states are from an earlier read: PD did not answer in time just now.',
    );
  });
});
