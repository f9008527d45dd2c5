import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionParams } from '../../../src/core/actions/action-definition.js';
import { PdHttpError, PdTransportError } from '../../../src/core/pd/pd-errors.js';
import { PdClient } from '../../../src/pd/pd-client.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';
import { TikvSubject } from '../../../src/subjects/tikv/tikv-subject.js';

/** What PD received, as [method, path, body]: the assertions below are on the simulator's own log. */
const received = (sim: PdSim) => sim.requests.map((r) => [r.method, r.path, r.body]);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('TikvSubject against the PD simulator', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  const run = (name: string, params: ActionParams) => {
    const action = TIKV_ACTIONS.find((a) => a.name === name);
    if (!action) throw new Error(`${name} is not defined`);
    return subject.execute(action, params, {});
  };
  const transferLeader = (region_id: number, to_store_id: number) =>
    run('transfer_leader', { region_id, to_store_id });
  const transferPeer = (region_id: number, from_store_id: number, to_store_id: number) =>
    run('transfer_peer', { region_id, from_store_id, to_store_id });
  const drainStore = (store_id: number) => run('drain_store', { store_id });
  beforeEach(async () => {
    sim = await startPdSim({ timing: 'manual' });
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
    subject = new TikvSubject(pd);
  });
  afterEach(async () => {
    await pd.close();
    await sim.close();
  });

  it('sends transfer-leader with to_store_id as a JSON number, as pd-ctl does', async () => {
    const response = await transferLeader(42, 4);
    expect(response.status).toBe(200);
    expect(received(sim)).toEqual([
      ['POST', '/pd/api/v1/operators', '{"name":"transfer-leader","region_id":42,"to_store_id":4}'],
    ]);
  });

  it('sends transfer-peer with region, from and to in their own fields', async () => {
    // Region 42 has voters on 4, 2 and 3: moving the one on 3 to 1 is valid, so a swapped
    // from/to (3 ↔ 1) would be refused by PD as well as fail the exact body below.
    const response = await transferPeer(42, 3, 1);
    expect(response.status).toBe(200);
    expect(received(sim)).toEqual([
      [
        'POST',
        '/pd/api/v1/operators',
        '{"name":"transfer-peer","region_id":42,"from_store_id":3,"to_store_id":1}',
      ],
    ]);
  });

  it('runs every declared action through execute() with each parameter in its own field', async () => {
    const distinct: Record<string, ActionParams> = {
      transfer_leader: { region_id: 42, to_store_id: 4 },
      transfer_peer: { region_id: 43, from_store_id: 5, to_store_id: 6 },
      drain_store: { store_id: 3 },
      cancel_operator: { region_id: 44 },
      undrain_store: { store_id: 3 },
      health: {},
      stores: {},
      store: { store_id: 7 },
      operators: {},
      operator: { region_id: 45 },
      operator_history: { since: 60_000 },
      schedulers: {},
      region: { region_id: 44 },
      region_key: { key: '7480' },
      regions_check: { kind: 'miss-peer' },
      hot: { type: 'write' },
    };
    for (const action of subject.getActionDefinitions()) {
      const params = distinct[action.name];
      if (params === undefined) throw new Error(`no distinct values for ${action.name}`);
      await subject.execute(action, params, {}).catch((error: unknown) => {
        if (!(error instanceof PdHttpError)) throw error;
      });
    }
    expect(sim.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
      '{"name":"transfer-peer","region_id":43,"from_store_id":5,"to_store_id":6}',
      '{"name":"evict-leader-scheduler","store_id":3}',
    ]);
    expect(sim.requests.filter((r) => r.path.includes('/store')).map((r) => r.path)).toEqual([
      '/pd/api/v1/stores',
      '/pd/api/v1/store/7',
    ]);
  });

  describe('drain-store, as pd-ctl does it', () => {
    it('creates evict-leader-scheduler when PD does not list it', async () => {
      const response = await drainStore(3);
      expect(received(sim)).toEqual([
        ['GET', '/pd/api/v1/schedulers', ''],
        ['POST', '/pd/api/v1/schedulers', '{"name":"evict-leader-scheduler","store_id":3}'],
      ]);
      expect([response.status, response.rawBody]).toEqual([200, '"The scheduler is created."\n']);
    });

    it('adds the store through the scheduler config route when it is listed, never through /schedulers', async () => {
      await drainStore(3);
      sim.requests.length = 0;
      const response = await drainStore(4);
      expect(received(sim)).toEqual([
        ['GET', '/pd/api/v1/schedulers', ''],
        [
          'POST',
          '/pd/api/v1/scheduler-config/evict-leader-scheduler/config',
          '{"name":"evict-leader-scheduler","store_id":4}',
        ],
      ]);
      expect([response.status, response.rawBody]).toEqual([
        200,
        '"The scheduler has been applied to the store."\n',
      ]);
      expect(sim.cluster.evictLeader.storeIds()).toEqual([3, 4]);
    });

    it("shows the config route's own error, not PD's double-encoded redirect error", async () => {
      await drainStore(3);
      const error = await failure(drainStore(99));
      expect(error).toBeInstanceOf(PdHttpError);
      const http = error as PdHttpError;
      expect([http.request.path, http.status, http.rawBody]).toEqual([
        '/pd/api/v1/scheduler-config/evict-leader-scheduler/config',
        500,
        '"[PD:core:ErrStoreNotFound]store 99 not found"\n',
      ]);
    });

    it('takes any listed name containing evict-leader-scheduler, like pd-ctl (strings.Contains)', async () => {
      sim.faults.add({
        method: 'GET',
        path: '/pd/api/v1/schedulers',
        action: 'status',
        status: 200,
        body: '["balance-leader-scheduler","evict-leader-scheduler-1"]',
      });
      await drainStore(4).catch(() => undefined);
      expect(sim.requests.map((r) => [r.method, r.path])).toEqual([
        ['GET', '/pd/api/v1/schedulers'],
        ['POST', '/pd/api/v1/scheduler-config/evict-leader-scheduler/config'],
      ]);
    });

    it.each([
      ['PD refuses the list', 'status:500:boom', PdHttpError],
      ['PD resets the connection', 'reset', PdTransportError],
      ['PD answers 200 with something that is not a list', 'garbage', PdHttpError],
      ['PD lists a name that is not a string', 'status:200:[1]', PdHttpError],
    ])('sends no write when %s', async (_name, fault, type) => {
      sim.faults.set(`GET /pd/api/v1/schedulers=${fault}`);
      const error = await failure(drainStore(3));
      expect(error).toBeInstanceOf(type);
      expect((error as PdHttpError).request).toEqual({ method: 'GET', path: '/pd/api/v1/schedulers' });
      expect(sim.requests.map((r) => r.method)).toEqual(['GET']);
      expect(sim.cluster.evictLeader.exists).toBe(false);
    });

    it('treats the null PD renders for an empty list as no scheduler', async () => {
      sim.faults.set('GET /pd/api/v1/schedulers=status:200:null');
      await drainStore(3);
      expect(received(sim)).toEqual([
        ['GET', '/pd/api/v1/schedulers', ''],
        ['POST', '/pd/api/v1/schedulers', '{"name":"evict-leader-scheduler","store_id":3}'],
      ]);
    });
  });
});
