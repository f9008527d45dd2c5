import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Metrics, PdExchangeMetric } from '../../src/core/metrics/metrics.js';
import { NO_METRICS } from '../../src/core/metrics/metrics.js';
import { PdClient } from '../../src/pd/pd-client.js';

/** Records what the client reports, instead of Prometheus. */
function recording(): { metrics: Metrics; exchanges: PdExchangeMetric[] } {
  const exchanges: PdExchangeMetric[] = [];
  return { metrics: { ...NO_METRICS, pdExchange: (e) => exchanges.push(e) }, exchanges };
}

describe('PdClient reports each exchange to the Metrics port', () => {
  let sim: PdSim;
  let down: string;
  const clients: PdClient[] = [];
  beforeEach(async () => {
    const stopped = await startPdSim({ timing: 'manual' });
    down = stopped.url;
    await stopped.close();
    sim = await startPdSim({ timing: 'manual' });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  function client(endpoints: string[], metrics: Metrics): PdClient {
    const pd = new PdClient({
      endpoint: endpoints,
      connectTimeoutMs: 2000,
      responseTimeoutMs: 2000,
      metrics,
    });
    clients.push(pd);
    return pd;
  }

  it('one per endpoint tried: the refused one by its error code, the one that answered by its status', async () => {
    const { metrics, exchanges } = recording();
    await client([down, sim.url], metrics).send({ method: 'GET', path: '/pd/api/v1/region/id/2' });
    expect(exchanges.map(({ durationMs: _d, ...e }) => e)).toEqual([
      { method: 'GET', path: '/pd/api/v1/region/id/2', errorCode: 'PD_CONNECTION_REFUSED' },
      { method: 'GET', path: '/pd/api/v1/region/id/2', status: 200 },
    ]);
    for (const e of exchanges) expect(e.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('a non-2xx answer by its status, with no error code: PD answered', async () => {
    const { metrics, exchanges } = recording();
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/version', action: 'status', status: 500 });
    await expect(client([sim.url], metrics).probe()).rejects.toMatchObject({ code: 'PD_HTTP_ERROR' });
    expect(exchanges.map(({ durationMs: _d, ...e }) => e)).toEqual([
      { method: 'GET', path: '/pd/api/v1/version', status: 500 },
    ]);
  });
});
