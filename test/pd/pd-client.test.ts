import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PdHttpError, PdTransportError } from '../../src/core/pd/pd-errors.js';
import { PdClient } from '../../src/pd/pd-client.js';
import {
  evictLeaderSchedulerRequest,
  type PdRequest,
  transferLeaderRequest,
} from '../../src/pd/pd-request.js';

const operators = (body: Record<string, unknown>): PdRequest => ({
  method: 'POST',
  path: '/pd/api/v1/operators',
  body,
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('PdClient against the PD simulator', () => {
  let sim: PdSim;
  let pd: PdClient;
  beforeAll(async () => {
    sim = await startPdSim({ timing: 'manual' });
    pd = new PdClient({ endpoint: `${sim.url}/`, connectTimeoutMs: 1000, responseTimeoutMs: 1000 });
  });
  afterAll(async () => {
    await pd.close();
    await sim.close();
  });
  beforeEach(() => {
    sim.faults.set([]);
    sim.requests.length = 0;
    sim.advance(10 * 60_000);
  });

  it('sends pd-ctl transfer-leader body with X-Caller-ID and returns PD raw answer', async () => {
    const response = await pd.send(transferLeaderRequest(42, 4), { correlationId: 'abc' });
    expect(response).toMatchObject({
      status: 200,
      rawBody: '"The operator is created."\n',
      pdMessage: 'The operator is created.',
      contentType: 'application/json; charset=UTF-8',
    });
    const [request] = sim.requests;
    expect(request?.body).toBe('{"name":"transfer-leader","region_id":42,"to_store_id":4}');
    expect(request?.headers).toMatchObject({
      'x-caller-id': 'tikv-chatops',
      'content-type': 'application/json',
      'x-request-id': 'abc',
    });
  });

  it.each([
    [
      'store_id instead of to_store_id',
      { name: 'transfer-leader', region_id: 42, store_id: 4 },
      '"missing store id to transfer leader to"\n',
    ],
    [
      'a store ID sent as a string',
      { name: 'transfer-leader', region_id: 42, to_store_id: '4' },
      '"missing store id to transfer leader to"\n',
    ],
    ['no region_id', { name: 'transfer-leader', to_store_id: 4 }, '"missing region id"\n'],
    [
      'transfer-peer without from_store_id',
      { name: 'transfer-peer', region_id: 42, to_store_id: 1 },
      '"invalid store id to transfer peer from"\n',
    ],
    ['an unknown operator', { name: 'move-leader', region_id: 42 }, '"unknown operator"\n'],
  ])('keeps PD 400 for %s as a typed error with the raw body', async (_name, body, raw) => {
    const error = await failure(pd.send(operators(body)));
    expect(error).toBeInstanceOf(PdHttpError);
    expect(error).toMatchObject({
      code: 'PD_HTTP_ERROR',
      status: 400,
      rawBody: raw,
      request: { method: 'POST', path: '/pd/api/v1/operators' },
    });
  });

  it('keeps a 500 business error with method, path, status and raw body', async () => {
    const error = (await failure(pd.send(transferLeaderRequest(999999, 4)))) as PdHttpError;
    expect(error.status).toBe(500);
    expect(error.rawBody).toBe('"[PD:region:ErrRegionNotFound]region 999999 not found"\n');
    expect(error.pdMessage).toBe('[PD:region:ErrRegionNotFound]region 999999 not found');
    expect(error.message).toBe(
      'PD answered POST /pd/api/v1/operators with HTTP 500: [PD:region:ErrRegionNotFound]region 999999 not found',
    );
  });

  it('times out a PD that never answers, and sends the POST once', async () => {
    sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'hang' });
    const started = performance.now();
    const error = await failure(pd.send(transferLeaderRequest(42, 4)));
    expect(performance.now() - started).toBeLessThan(1000 + 1000);
    expect(error).toBeInstanceOf(PdTransportError);
    expect(error).toMatchObject({ code: 'PD_RESPONSE_TIMEOUT' });
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('reports a reset connection and does not re-send', async () => {
    sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'reset' });
    expect(await failure(pd.send(transferLeaderRequest(42, 4)))).toMatchObject({
      code: 'PD_CONNECTION_RESET',
    });
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('passes a plain-text no-leader answer through verbatim', async () => {
    sim.faults.add({ path: '**', action: 'no-leader' });
    const error = (await failure(pd.send(evictLeaderSchedulerRequest(1)))) as PdHttpError;
    expect(error.status).toBe(503);
    expect(error.rawBody).toBe('[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader\n');
    expect(error.contentType).toMatch(/^text\/plain/);
  });
});

describe('PdClient when PD cannot be reached', () => {
  it('reports connection refused', async () => {
    const sim = await startPdSim({ timing: 'manual' });
    const url = sim.url;
    await sim.close();
    const pd = new PdClient({ endpoint: url, connectTimeoutMs: 1000, responseTimeoutMs: 1000 });
    const error = await failure(pd.send(transferLeaderRequest(42, 4)));
    expect(error).toMatchObject({ code: 'PD_CONNECTION_REFUSED', endpoint: url });
    expect((error as Error).message).toContain('PD refused the connection');
    await pd.close();
  });

  it('reports a host name that does not resolve', async () => {
    // The lookup is injected so no DNS query leaves the machine.
    const pd = new PdClient({
      endpoint: 'http://pd-0.pd-peer.invalid:2379',
      connectTimeoutMs: 1000,
      responseTimeoutMs: 1000,
      connect: {
        lookup: (hostname: string, _options: unknown, callback: (err: Error) => void) =>
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })),
      } as never,
    });
    const error = await failure(pd.send(transferLeaderRequest(42, 4)));
    expect(error).toMatchObject({ code: 'PD_DNS_FAILURE' });
    expect((error as Error).message).toBe(
      'PD host name could not be resolved (POST http://pd-0.pd-peer.invalid:2379/pd/api/v1/operators); nothing was sent.',
    );
    await pd.close();
  });

  it('reports a connect timeout within the configured time', async () => {
    // A lookup that never answers stands in for a black-holed address, without any traffic.
    const pd = new PdClient({
      endpoint: 'http://pd-0.pd-peer.invalid:2379',
      connectTimeoutMs: 300,
      responseTimeoutMs: 5000,
      connect: { lookup: () => {} } as never,
    });
    const started = performance.now();
    const error = await failure(pd.send(transferLeaderRequest(42, 4)));
    expect(performance.now() - started).toBeLessThan(300 + 1000);
    expect(error).toMatchObject({ code: 'PD_CONNECT_TIMEOUT' });
    expect((error as Error).message).toContain('nothing was sent');
    await pd.close();
  });

  it('calls a connect timeout a connect timeout even when it outlasts the response timeout', async () => {
    const pd = new PdClient({
      endpoint: 'http://pd-0.pd-peer.invalid:2379',
      connectTimeoutMs: 1500,
      responseTimeoutMs: 300,
      connect: { lookup: () => {} } as never,
    });
    const started = performance.now();
    const error = await failure(pd.send(transferLeaderRequest(42, 4)));
    expect(performance.now() - started).toBeLessThan(1500 + 300 + 1000);
    expect(error).toMatchObject({ code: 'PD_CONNECT_TIMEOUT' });
    await pd.close();
  });
});
