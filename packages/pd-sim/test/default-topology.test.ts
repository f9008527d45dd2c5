import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PD_VERSION,
  DEMO_REGIONS,
  DOWN_STORE_ID,
  OFFLINE_STORE_ID,
  SimClock,
  SimCluster,
} from '../src/start-pd-sim.js';

const cluster = (seed: number, regions = 1_000) =>
  new SimCluster({ seed, stores: 6, regions, clock: new SimClock(), version: DEFAULT_PD_VERSION });

describe('default topology', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const layout = (c: SimCluster) => Array.from({ length: 50 }, (_, i) => c.snapshotAt(i));
    expect(layout(cluster(7))).toEqual(layout(cluster(7)));
    expect(layout(cluster(7))).not.toEqual(layout(cluster(8)));
  });

  it.each([1, 2, 3, 99])('keeps the documented demo facts for seed %i', (seed) => {
    const c = cluster(seed);
    const now = c.clock.nowWallMs();
    expect(c.listStores().map((s) => [s.id, s.stateName(now), s.tiflash])).toEqual([
      [1, 'Up', false],
      [2, 'Up', false],
      [3, 'Up', false],
      [4, 'Up', false],
      [OFFLINE_STORE_ID, 'Offline', false],
      [DOWN_STORE_ID, 'Down', false],
      [7, 'Up', true],
    ]);
    const r42 = c.region(DEMO_REGIONS.transferLeaderTo4);
    expect(r42?.peers.map((p) => [p.storeId, p.role])).toEqual([
      [4, 0],
      [2, 0],
      [3, 0],
      [7, 1],
    ]);
    expect(r42?.leaderStoreId).toBe(2);
    expect(c.region(DEMO_REGIONS.voterOnOfflineStore)?.peers.map((p) => p.storeId)).toEqual([1, 5, 3]);
    expect(c.region(DEMO_REGIONS.voterOnDownStore)?.leaderStoreId).toBe(4);
    expect(c.region(DEMO_REGIONS.voterOnDownStore)?.peers.map((p) => p.storeId)).toEqual([4, 2, 6]);
  });

  it('puts one voter per zone, two on healthy stores, and every leader on an Up store', () => {
    const c = cluster(5);
    for (let i = 0; i < c.regions.count; i++) {
      const region = c.snapshotAt(i);
      const voters = region.peers.filter((p) => p.role === 0).map((p) => p.storeId);
      expect(voters.map((s) => (s - 1) % 3)).toEqual([0, 1, 2]);
      expect(
        voters.filter((s) => s !== OFFLINE_STORE_ID && s !== DOWN_STORE_ID).length,
      ).toBeGreaterThanOrEqual(2);
      expect([1, 2, 3, 4]).toContain(region.leaderStoreId);
    }
    const leaders = [1, 2, 3, 4].reduce((sum, id) => sum + c.storeStats(id).leaderCount, 0);
    expect(leaders).toBe(1_000);
  });
});
