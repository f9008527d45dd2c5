import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Preview } from '../../../src/core/actions/preview.js';
import { PdClient } from '../../../src/pd/pd-client.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';
import { TikvSubject } from '../../../src/subjects/tikv/tikv-subject.js';

const action = (name: string) => {
  const found = TIKV_ACTIONS.find((a) => a.name === name);
  if (!found) throw new Error(`no action ${name}`);
  return found;
};

const CREATE = {
  method: 'POST',
  path: '/pd/api/v1/schedulers',
  body: { name: 'evict-leader-scheduler', store_id: 4 },
};
const ADD_STORE = {
  method: 'POST',
  path: '/pd/api/v1/scheduler-config/evict-leader-scheduler/config',
  body: { name: 'evict-leader-scheduler', store_id: 4 },
};
const LIST = { method: 'GET', path: '/pd/api/v1/schedulers' };

describe('TikvSubject.preview: reads for real, writes nothing', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  beforeEach(async () => {
    sim = await startPdSim({ timing: 'manual' });
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
    subject = new TikvSubject(pd);
  });
  afterEach(async () => {
    await pd.close();
    await sim.close();
  });

  const preview = (name: string, params: Record<string, number | string>): Promise<Preview> =>
    subject.preview(action(name), params, { correlationId: 'c0ffee123456' });

  /** The simulator's log: what PD really received during the preview. */
  const received = () => sim.requests.map((r) => `${r.method} ${r.path}`);

  it('drain-store without the scheduler: reads the list, would create it, shows the other route', async () => {
    const result = await preview('drain_store', { store_id: 4 });
    expect(received()).toEqual(['GET /pd/api/v1/schedulers']);
    expect(sim.requests[0]?.headers['x-request-id']).toBe('c0ffee123456');
    expect(result).toEqual({
      pdRequests: [CREATE],
      reads: [{ request: LIST, answer: 'HTTP 200' }],
      notes: [
        'evict-leader-scheduler does not exist yet, so it would be created for store 4 through POST /pd/api/v1/schedulers.',
      ],
      warnings: [],
      alternatives: [{ when: 'if evict-leader-scheduler already existed', request: ADD_STORE }],
    });
    expect(sim.cluster.evictLeader.exists).toBe(false);
  });

  it('drain-store with the scheduler: would add the store through …/config, and nothing reaches PD but the read', async () => {
    sim.cluster.evictLeader.addStore(3n);
    const result = await preview('drain_store', { store_id: 4 });
    expect(received()).toEqual(['GET /pd/api/v1/schedulers']);
    expect(result.pdRequests).toEqual([ADD_STORE]);
    expect(result.notes).toEqual([
      'evict-leader-scheduler exists, so store 4 would be added through POST /pd/api/v1/scheduler-config/evict-leader-scheduler/config.',
    ]);
    expect(result.alternatives).toEqual([
      { when: 'if evict-leader-scheduler did not exist', request: CREATE },
    ]);
    expect(sim.cluster.evictLeader.storeIds()).toEqual([3]);
  });

  it('drain-store when the list cannot be read: warns, shows both routes, would send nothing', async () => {
    sim.faults.set('GET /pd/api/v1/schedulers=no-leader');
    const result = await preview('drain_store', { store_id: 4 });
    expect(received()).toEqual(['GET /pd/api/v1/schedulers']);
    expect(result.pdRequests).toEqual([]);
    expect(result.reads).toEqual([{ request: LIST, answer: 'HTTP 503' }]);
    expect(result.warnings).toEqual([
      'Reading GET /pd/api/v1/schedulers failed (PD answered HTTP 503: [PD:apiutil:ErrRedirectNoLeader]redirect finds no leader). A real run would stop at this read and change nothing.',
    ]);
    expect(result.alternatives).toEqual([
      { when: 'if evict-leader-scheduler is listed', request: ADD_STORE },
      { when: 'if it is not', request: CREATE },
    ]);
  });

  it('drain-store when PD does not answer the read: says so and that nothing would change', async () => {
    sim.faults.set('GET /pd/api/v1/schedulers=reset');
    const result = await preview('drain_store', { store_id: 4 });
    expect(result.reads.map((r) => r.answer)).toEqual(['PD_CONNECTION_RESET']);
    expect(result.warnings).toEqual([
      'Reading GET /pd/api/v1/schedulers failed (no answer from PD (PD_CONNECTION_RESET)). A real run would stop at this read and change nothing.',
    ]);
  });

  describe('transfer-leader reads the target and the region, warning as the form does', () => {
    const WRITE = (to: number) => ({
      method: 'POST',
      path: '/pd/api/v1/operators',
      body: { name: 'transfer-leader', region_id: 42, to_store_id: to },
    });
    const REGION = 'Region 42: leader on store 2; voters on 4, 2, 3; learners on 7.';

    it('notes the region and an Up voter target, with no warning', async () => {
      const result = await preview('transfer_leader', { region_id: 42, to_store_id: 4 });
      expect(received()).toEqual(['GET /pd/api/v1/store/4', 'GET /pd/api/v1/region/id/42']);
      expect(result.pdRequests).toEqual([WRITE(4)]);
      expect(result.notes).toEqual([REGION, 'Target store 4 is Up.']);
      expect(result.warnings).toEqual([]);
    });

    it.each([
      [
        'already the leader',
        2,
        () => undefined,
        ['Store 2 already leads region 42: there is nothing to move.'],
      ],
      [
        'no voter there',
        1,
        () => undefined,
        ['Store 1 holds no peer of region 42, so PD will refuse it ("region has no voter in store 1").'],
      ],
      [
        'not Up',
        4,
        (s: PdSim) => s.cluster.stopHeartbeats(4, 60_000),
        [
          'Target store 4 is Disconnected: PD refuses a leader on a store that is not Up ("target leader is not allowed").',
        ],
      ],
    ])('warns when the target is %s, and still shows the request', async (_case, to, arrange, warnings) => {
      arrange(sim);
      const result = await preview('transfer_leader', { region_id: 42, to_store_id: to });
      expect(result.warnings).toEqual(warnings);
      expect(result.pdRequests).toEqual([WRITE(to)]);
    });

    it('warns when the target is under evict-leader', async () => {
      await pd.send({
        method: 'POST',
        path: '/pd/api/v1/schedulers',
        body: { name: 'evict-leader-scheduler', store_id: 4 },
      });
      const result = await preview('transfer_leader', { region_id: 42, to_store_id: 4 });
      expect(result.warnings).toEqual([
        'Target store 4 is under evict-leader (being drained): PD refuses to move a leader there; undrain-store it first.',
      ]);
    });

    it('warns that PD does not know the region (404), and still shows the request', async () => {
      const result = await preview('transfer_leader', { region_id: 999_999_999, to_store_id: 4 });
      expect(result.warnings).toEqual(['PD does not know region 999999999, so PD will refuse the move.']);
    });

    it('does not read when it runs for real', async () => {
      await subject.execute(action('transfer_leader'), { region_id: 42, to_store_id: 4 }, {});
      expect(received()).toEqual(['POST /pd/api/v1/operators']);
    });
  });

  describe('transfer-peer checks the target store, warning without blocking', () => {
    const WRITE = (to: number) => ({
      method: 'POST',
      path: '/pd/api/v1/operators',
      body: { name: 'transfer-peer', region_id: 42, from_store_id: 3, to_store_id: to },
    });

    it('notes an Up target and reads only that store', async () => {
      const result = await preview('transfer_peer', { region_id: 42, from_store_id: 3, to_store_id: 1 });
      expect(received()).toEqual(['GET /pd/api/v1/store/1', 'GET /pd/api/v1/region/id/42']);
      expect(result.pdRequests).toEqual([WRITE(1)]);
      expect(result.notes).toEqual([
        'Region 42: leader on store 2; voters on 4, 2, 3; learners on 7.',
        'Target store 1 is Up.',
      ]);
      expect(result.warnings).toEqual([]);
    });

    it.each([
      [
        'Offline',
        5,
        () => undefined,
        'Target store 5: it is Offline (being removed). PD refuses a target only when it is unknown, Tombstone or silent for more than 10 minutes, so PD will accept the move, but the operator will likely time out.',
      ],
      [
        'Down',
        6,
        () => undefined,
        'Target store 6: it is Down (no heartbeat for a long time). PD refuses a target only when it is unknown, Tombstone or silent for more than 10 minutes, so PD will most likely refuse it as unhealthy.',
      ],
      [
        'Disconnected',
        1,
        (s: PdSim) => s.cluster.stopHeartbeats(1, 60_000),
        'Target store 1: it is Disconnected (no heartbeat for over 20 s). PD refuses a target only when it is unknown, Tombstone or silent for more than 10 minutes, so PD may accept the move, but the operator will likely time out.',
      ],
      [
        'Tombstone',
        1,
        (s: PdSim) => s.cluster.setStoreState(1, 'Tombstone'),
        'Target store 1: it is Tombstone (removed). PD refuses a target only when it is unknown, Tombstone or silent for more than 10 minutes, so PD will refuse it.',
      ],
      [
        'missing',
        99,
        () => undefined,
        'Target store 99 is not known to PD (it answered 404), so PD will refuse the move.',
      ],
    ])('warns about a %s target and still shows the request', async (_state, to, arrange, warning) => {
      arrange(sim);
      const result = await preview('transfer_peer', {
        region_id: 42,
        from_store_id: 3,
        to_store_id: to,
      });
      expect(received()).toEqual([`GET /pd/api/v1/store/${to}`, 'GET /pd/api/v1/region/id/42']);
      expect(result.warnings).toEqual([warning]);
      expect(result.pdRequests).toEqual([WRITE(to)]);
    });

    it('warns when the target already holds a peer or the source holds none', async () => {
      const result = await preview('transfer_peer', { region_id: 42, from_store_id: 1, to_store_id: 4 });
      expect(result.warnings).toEqual([
        'Store 4 already holds a peer of region 42, so PD will refuse the move.',
        'Source store 1 holds no peer of region 42, so PD will refuse the move.',
      ]);
    });

    it('warns when the store cannot be read, and still shows the request', async () => {
      sim.faults.set('GET /pd/api/v1/store/*=status:500:busy');
      const result = await preview('transfer_peer', { region_id: 42, from_store_id: 3, to_store_id: 1 });
      expect(result.warnings).toEqual([
        "Target store 1's state could not be read (PD answered HTTP 500); check it is Up before running.",
      ]);
      expect(result.pdRequests).toEqual([WRITE(1)]);
    });

    it('does not read the store when it runs for real (PD checks; the warning is for previews)', async () => {
      await subject.execute(action('transfer_peer'), { region_id: 42, from_store_id: 3, to_store_id: 5 }, {});
      expect(received()).toEqual(['POST /pd/api/v1/operators']);
    });
  });
});
