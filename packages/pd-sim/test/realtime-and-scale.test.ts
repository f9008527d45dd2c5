import { describe, expect, it, vi } from 'vitest';
import { startPdSim } from '../src/start-pd-sim.js';
import { callPd } from './call-pd.js';

describe('realtime timing', () => {
  it('progresses operators on its own, without advance()', async () => {
    const sim = await startPdSim({ timing: 'realtime' });
    try {
      await callPd(sim, 'POST', '/pd/api/v1/operators', {
        name: 'transfer-leader',
        region_id: 42,
        to_store_id: 4,
      });
      await vi.waitFor(() => expect(sim.cluster.region(42)?.leaderStoreId).toBe(4), {
        timeout: 10_000,
        interval: 50,
      });
    } finally {
      await sim.close();
    }
  });
});

describe('scale', () => {
  it('a 1,000,000-region cluster starts and answers region and store lookups', async () => {
    const sim = await startPdSim({ timing: 'manual', regions: 1_000_000 });
    try {
      const lastId = sim.cluster.regionIdAt(999_999);
      const region = await callPd(sim, 'GET', `/pd/api/v1/region/id/${lastId}`);
      expect(region.status).toBe(200);
      expect(JSON.parse(region.body)).toMatchObject({ id: lastId, end_key: '' });
      const store = await callPd(sim, 'GET', '/pd/api/v1/store/1');
      const stats = (JSON.parse(store.body) as { status: { region_count: number } }).status;
      expect(stats.region_count).toBe(sim.cluster.storeStats(1).regionCount);
      expect((await callPd(sim, 'GET', '/pd/api/v1/regions/count')).body).toBe(
        '{"count":1000000,"regions":null}',
      );
      const leaders = sim.cluster
        .listStores()
        .reduce((sum, s) => sum + sim.cluster.storeStats(s.id).leaderCount, 0);
      expect(leaders).toBe(1_000_000);
    } finally {
      await sim.close();
    }
  });

  it('a 10,000-store cluster answers for its last TiKV store and the TiFlash store', async () => {
    const sim = await startPdSim({ timing: 'manual', stores: 10_000, regions: 50_000 });
    try {
      const last = JSON.parse((await callPd(sim, 'GET', '/pd/api/v1/store/10000')).body) as {
        store: { id: number };
      };
      expect(last.store.id).toBe(10_000);
      const tiflash = (await callPd(sim, 'GET', '/pd/api/v1/store/10001')).body;
      expect(tiflash).toContain('"value": "tiflash"');
    } finally {
      await sim.close();
    }
  });
});
