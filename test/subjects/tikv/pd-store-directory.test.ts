import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/engine/engine.js';
import { PdClient } from '../../../src/pd/pd-client.js';
import { PdStoreDirectory } from '../../../src/subjects/tikv/pd-store-directory.js';

describe('PdStoreDirectory over the simulator', () => {
  let sim: PdSim;
  let pd: PdClient;
  let directory: PdStoreDirectory;
  const read = { waitMs: 2000 };
  beforeEach(async () => {
    sim = await startPdSim({ timing: 'manual' });
    pd = new PdClient({
      endpoint: sim.url,
      connectTimeoutMs: 2000,
      responseTimeoutMs: 5000,
      maxBodyBytes: 1024,
    });
    directory = new PdStoreDirectory({ transports: new Map([['default', pd]]), clock: systemClock });
  });
  afterEach(async () => {
    await pd.close();
    await sim.close();
  });

  it('reads every store PD lists, sorted, past the client body limit (the list is O(stores))', async () => {
    const answer = await directory.stores('default', read);
    expect(answer.ok && answer.snapshot.stores.map((s) => [s.id, s.stateName])).toEqual([
      [1, 'Up'],
      [2, 'Up'],
      [3, 'Up'],
      [4, 'Up'],
      [5, 'Offline'],
      [6, 'Down'],
      [7, 'Up'],
    ]);
    expect(answer.ok && answer.fresh).toBe(true);
    await directory.stores('default', read);
    expect(directory.storeReads('default')).toBe(1);
    expect(sim.requests.map((r) => r.path)).toEqual(['/pd/api/v1/stores']);
  });

  it("reads one region's leader and peers, and PD's 404 as not found", async () => {
    const answer = await directory.region('default', 42, read);
    expect(answer).toEqual({
      ok: true,
      region: {
        id: 42,
        leaderStoreId: 2,
        peers: [
          { storeId: 4, role: 'Voter', down: false, pending: false },
          { storeId: 2, role: 'Voter', down: false, pending: false },
          { storeId: 3, role: 'Voter', down: false, pending: false },
          { storeId: 7, role: 'Learner', down: false, pending: false },
        ],
      },
    });
    expect(await directory.region('default', 999_999_999, read)).toEqual({ ok: true, region: undefined });
  });

  it("reads older PDs' `null` and zero-valued answers as not found too", async () => {
    sim.faults.set({
      path: '/pd/api/v1/region/id/8',
      action: 'status',
      status: 200,
      body: 'null',
      contentType: 'application/json',
    });
    sim.faults.set({
      path: '/pd/api/v1/region/id/10',
      action: 'status',
      status: 200,
      body: '{"id":0,"start_key":"","end_key":"","leader":{"role_name":""}}',
      contentType: 'application/json',
    });
    expect(await directory.region('default', 8, read)).toEqual({ ok: true, region: undefined });
    expect(await directory.region('default', 10, read)).toEqual({ ok: true, region: undefined });
  });

  it('names what went wrong: PD failing, a body that is not a store list, an unknown cluster', async () => {
    sim.faults.set('GET /pd/api/v1/stores#1=garbage');
    expect(await directory.stores('default', read)).toMatchObject({
      ok: false,
      error: { code: 'PD_UNEXPECTED_BODY' },
    });
    expect(await directory.stores('nope', read)).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CLUSTER', detail: 'no cluster named nope' },
    });
    sim.faults.set('GET /pd/api/v1/region/id/*=no-leader');
    expect(await directory.region('default', 42, read)).toMatchObject({
      ok: false,
      error: { code: 'PD_FAILED', detail: 'PD answered HTTP 503' },
    });
  });
});
