import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PdHttpError } from '../../src/core/pd/pd-errors.js';
import { DryRunTransport, DryRunWriteError, UnboundedReadError } from '../../src/pd/dry-run-transport.js';
import { PdClient } from '../../src/pd/pd-client.js';
import { isBoundedRead, type PdRequest } from '../../src/pd/pd-request.js';

const get = (path: string): PdRequest => ({ method: 'GET', path });

describe('DryRunTransport against the PD simulator', () => {
  let sim: PdSim;
  let pd: PdClient;
  beforeAll(async () => {
    sim = await startPdSim({ timing: 'manual' });
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await pd.close();
    await sim.close();
  });
  beforeEach(() => {
    sim.faults.set([]);
    sim.requests.length = 0;
  });

  it.each<PdRequest>([
    {
      method: 'POST',
      path: '/pd/api/v1/operators',
      body: { name: 'transfer-leader', region_id: 42, to_store_id: 4 },
    },
    { method: 'POST', path: '/pd/api/v1/schedulers', body: { name: 'evict-leader-scheduler', store_id: 4 } },
    { method: 'DELETE', path: '/pd/api/v1/schedulers/evict-leader-scheduler' },
  ])('refuses $method $path without sending it or making up an answer', async (request) => {
    const dryRun = new DryRunTransport(pd);
    await expect(dryRun.send(request)).rejects.toBeInstanceOf(DryRunWriteError);
    expect(dryRun.reads).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it('sends a bounded read to PD for real and records what PD answered', async () => {
    const dryRun = new DryRunTransport(pd);
    const response = await dryRun.send(get('/pd/api/v1/store/1'), { correlationId: 'c0ffee' });
    expect(response.status).toBe(200);
    expect(sim.requests.map((r) => [r.method, r.path, r.headers['x-request-id']])).toEqual([
      ['GET', '/pd/api/v1/store/1', 'c0ffee'],
    ]);
    expect(dryRun.reads).toEqual([{ request: get('/pd/api/v1/store/1'), answer: 'HTTP 200' }]);
  });

  it("records a failed read with PD's status and passes the error on", async () => {
    const dryRun = new DryRunTransport(pd);
    await expect(dryRun.send(get('/pd/api/v1/store/99'))).rejects.toBeInstanceOf(PdHttpError);
    expect(dryRun.reads.map((r) => r.answer)).toEqual(['HTTP 404']);
  });

  it.each([
    '/pd/api/v1/regions',
    '/pd/api/v1/regions/store/1',
    '/pd/api/v1/regions/key',
    '/pd/api/v1/operators',
    '/pd/api/v1/store/1/extra',
    '/pd/api/v1/store/0',
    '/pd/api/v1/region/id/0',
    '/pd/api/v1/region/id/42/extra',
    '/pd/api/v1/region/key/abc',
  ])('refuses GET %s, which is not on the bounded-read list, without sending it', async (path) => {
    const dryRun = new DryRunTransport(pd);
    await expect(dryRun.send(get(path))).rejects.toBeInstanceOf(UnboundedReadError);
    expect(sim.requests).toEqual([]);
    expect(dryRun.reads).toEqual([]);
  });

  it('allows only the list of schedulers, one store and one region', () => {
    expect(isBoundedRead(get('/pd/api/v1/schedulers'))).toBe(true);
    expect(isBoundedRead(get('/pd/api/v1/store/12'))).toBe(true);
    expect(isBoundedRead(get('/pd/api/v1/region/id/42'))).toBe(true);
    expect(isBoundedRead({ method: 'POST', path: '/pd/api/v1/schedulers' })).toBe(false);
  });
});
