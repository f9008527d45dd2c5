import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { PdClient } from '../../src/pd/pd-client.js';

/** A PD stand-in that answers the version like a real PD: no simulator header. */
async function startPlainPd(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"version":"v8.5.0"}\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('PdClient.probe: the one place that reads the simulator header', () => {
  let sim: PdSim | undefined;
  let plain: Server | undefined;
  let pd: PdClient | undefined;
  afterEach(async () => {
    await pd?.close();
    await sim?.close();
    await new Promise((resolve) => (plain ? plain.close(resolve) : resolve(undefined)));
    sim = undefined;
    plain = undefined;
  });

  it('says the simulator answered when its header is there', async () => {
    sim = await startPdSim();
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 1000, responseTimeoutMs: 1000 });
    const { response, simulated } = await pd.probe();
    expect(simulated).toBe(true);
    expect(response.request).toEqual({ method: 'GET', path: '/pd/api/v1/version' });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /pd/api/v1/version']);
  });

  it('says a real PD is not the simulator', async () => {
    const started = await startPlainPd();
    plain = started.server;
    pd = new PdClient({ endpoint: started.url, connectTimeoutMs: 1000, responseTimeoutMs: 1000 });
    const { response, simulated } = await pd.probe();
    expect(simulated).toBe(false);
    expect(response.rawBody).toBe('{"version":"v8.5.0"}\n');
  });

  it('keeps the answer free of a per-response simulator flag: messages take it from the descriptor', async () => {
    sim = await startPdSim();
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 1000, responseTimeoutMs: 1000 });
    const response = await pd.send({ method: 'GET', path: '/pd/api/v1/version' });
    expect(response).not.toHaveProperty('simulated');
  });
});
