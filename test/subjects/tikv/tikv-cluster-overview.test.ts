import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PdClient } from '../../../src/pd/pd-client.js';
import { tikvClusterOverview } from '../../../src/subjects/tikv/tikv-cluster-overview.js';
import { LogCapture } from '../../support/log-capture.js';
import { type SimSubject, useSimSubject } from '../../support/use-sim-subject.js';

const NOW = new Date('2026-12-01T17:00:00Z');

async function drain(s: SimSubject, storeId: number): Promise<void> {
  const res = await fetch(`${s.sim.url}/pd/api/v1/schedulers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'evict-leader-scheduler', store_id: storeId }),
  });
  expect(res.status).toBe(200);
}

describe('tikvClusterOverview against the PD simulator', () => {
  let s: SimSubject;
  useSimSubject((made) => {
    s = made;
  });

  function source(logs = new LogCapture()) {
    return tikvClusterOverview({
      pds: new Map([['default', s.pd]]),
      logger: pino({ level: 'info' }, logs),
      now: () => NOW,
    });
  }

  it('summarises the stores by state, lists those needing attention, and no drains without the scheduler (404)', async () => {
    const logs = new LogCapture();
    const overview = await source(logs).read('default', 'corr1');
    expect(overview.readAt).toEqual(NOW);
    expect(overview.stores).toMatchObject({ ok: true, value: { total: 7 } });
    if (!overview.stores.ok) throw new Error('unreachable');
    expect(Object.fromEntries(overview.stores.value.byState)).toMatchObject({ Up: 5, Offline: 1, Down: 1 });
    const flagged = overview.stores.value.attention.map((a) => [a.id, a.reasons[0]]);
    expect(flagged).toEqual(
      expect.arrayContaining([
        [5, 'offline'],
        [6, 'down'],
      ]),
    );
    expect(overview.drains).toEqual({ ok: true, value: [] });
    // Two bounded reads, never O(regions); each one log line, no audit.
    expect(s.sim.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /pd/api/v1/scheduler-config/evict-leader-scheduler/list',
      'GET /pd/api/v1/stores',
    ]);
    expect(logs.find((l) => l.decision === 'home_read').map((l) => [l.pdPath, l.pdStatus])).toEqual(
      expect.arrayContaining([
        ['/pd/api/v1/stores', 200],
        ['/pd/api/v1/scheduler-config/evict-leader-scheduler/list', 404],
      ]),
    );
  });

  it('lists drained stores from the evict-leader list with the leaders they still hold', async () => {
    await drain(s, 4);
    await drain(s, 2);
    try {
      const overview = await source().read('default', 'corr2');
      expect(overview.drains.ok).toBe(true);
      if (!overview.drains.ok) throw new Error('unreachable');
      expect(overview.drains.value.map((d) => d.storeId)).toEqual([2, 4]);
      expect(overview.drains.value[0]).toMatchObject({ stateName: 'Up', leaderCount: expect.any(Number) });
    } finally {
      await fetch(`${s.sim.url}/pd/api/v1/schedulers/evict-leader-scheduler`, { method: 'DELETE' });
    }
  });

  it('says PD did not answer, with the transport code, when PD is down', async () => {
    const down = new PdClient({
      endpoint: 'http://127.0.0.1:1',
      connectTimeoutMs: 1000,
      responseTimeoutMs: 1000,
    });
    try {
      const overview = await tikvClusterOverview({
        pds: new Map([['west', down]]),
        logger: pino({ level: 'silent' }),
        now: () => NOW,
      }).read('west', 'corr3');
      expect(overview.stores).toMatchObject({ ok: false, problem: { code: 'PD_CONNECTION_REFUSED' } });
      expect(overview.drains).toMatchObject({ ok: false, problem: { code: 'PD_CONNECTION_REFUSED' } });
    } finally {
      await down.close();
    }
  });

  it('reports an HTTP error from PD as that status, and an unreadable body as UNREADABLE', async () => {
    s.sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'status', status: 500 });
    const failed = await source().read('default', 'corr4');
    expect(failed.stores).toMatchObject({ ok: false, problem: { code: 'HTTP 500' } });
    s.sim.faults.set([{ method: 'GET', path: '/pd/api/v1/stores', action: 'garbage' }]);
    const garbage = await source().read('default', 'corr5');
    expect(garbage.stores).toMatchObject({ ok: false, problem: { code: 'UNREADABLE' } });
  });
});
