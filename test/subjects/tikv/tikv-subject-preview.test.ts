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

  it('transfer-leader reads nothing and shows its one request', async () => {
    const result = await preview('transfer_leader', { region_id: 42, to_store_id: 4 });
    expect(sim.requests).toEqual([]);
    expect(result.pdRequests).toEqual([
      {
        method: 'POST',
        path: '/pd/api/v1/operators',
        body: { name: 'transfer-leader', region_id: 42, to_store_id: 4 },
      },
    ]);
    expect([result.reads, result.notes, result.warnings, result.alternatives]).toEqual([[], [], [], []]);
  });

  describe('transfer-peer checks the target store, warning without blocking', () => {
    const WRITE = (to: number) => ({
      method: 'POST',
      path: '/pd/api/v1/operators',
      body: { name: 'transfer-peer', region_id: 42, from_store_id: 3, to_store_id: to },
    });

    it('notes an Up target and reads only that store', async () => {
      const result = await preview('transfer_peer', { region_id: 42, from_store_id: 3, to_store_id: 1 });
      expect(received()).toEqual(['GET /pd/api/v1/store/1']);
      expect(result.pdRequests).toEqual([WRITE(1)]);
      expect(result.notes).toEqual(['Target store 1 is Up.']);
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
      expect(received()).toEqual([`GET /pd/api/v1/store/${to}`]);
      expect(result.warnings).toEqual([warning]);
      expect(result.pdRequests).toEqual([WRITE(to)]);
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
