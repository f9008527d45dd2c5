import { afterEach, describe, expect, it } from 'vitest';
import { type PdSim, parseFaultSpec, startPdSim } from '../src/start-pd-sim.js';
import { callPd, TEXT_TYPE } from './call-pd.js';

const API = '/pd/api/v1';
const sims: PdSim[] = [];

async function sim(faults: string[] = []): Promise<PdSim> {
  const started = await startPdSim({ timing: 'manual', faults });
  sims.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

describe('fault injection', () => {
  it('no-leader answers PD’s 503 plain-text redirect error', async () => {
    const s = await sim(['GET /pd/api/v1/store/*=no-leader']);
    const answer = await callPd(s, 'GET', `${API}/store/1`);
    expect([answer.status, answer.contentType, answer.body]).toEqual([
      503,
      TEXT_TYPE,
      '[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader\n',
    ]);
    expect((await callPd(s, 'GET', `${API}/stores`)).status).toBe(200);
  });

  it('status answers the given code and body, only for the matching method and only #TIMES times', async () => {
    const s = await sim(['POST /pd/api/v1/operators#1=status:502:upstream: busy']);
    expect((await callPd(s, 'GET', `${API}/operators`)).status).toBe(200);
    const first = await callPd(s, 'POST', `${API}/operators`, {
      name: 'transfer-leader',
      region_id: 42,
      to_store_id: 4,
    });
    expect([first.status, first.body]).toEqual([502, 'upstream: busy']);
    expect(s.cluster.operators.running()).toHaveLength(0);
    const second = await callPd(s, 'POST', `${API}/operators`, {
      name: 'transfer-leader',
      region_id: 42,
      to_store_id: 4,
    });
    expect(second.body).toBe('"The operator is created."\n');
  });

  it('delay applies the request at once but holds the answer back', async () => {
    const s = await sim(['POST /pd/api/v1/operators=delay:300']);
    const started = performance.now();
    const pending = callPd(s, 'POST', `${API}/operators`, {
      name: 'transfer-leader',
      region_id: 42,
      to_store_id: 4,
    });
    await s.waitForRequest((r) => r.method === 'POST');
    expect(s.cluster.operators.running()).toHaveLength(1);
    const answer = await pending;
    expect(answer.body).toBe('"The operator is created."\n');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hang never answers, and close() still returns', async () => {
    const s = await sim(['GET /pd/api/v1/health=hang']);
    await expect(fetch(`${s.url}${API}/health`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    const hung = fetch(`${s.url}${API}/health`).catch((error: unknown) => error);
    await s.waitForRequest((r) => r.path === `${API}/health` && s.requests.indexOf(r) === 1);
    await s.close();
    expect(await hung).toBeInstanceOf(Error);
  });

  it('reset drops the connection', async () => {
    const s = await sim(['*=reset']);
    await expect(fetch(`${s.url}${API}/ping`)).rejects.toThrow(/fetch failed/);
  });

  it('garbage answers 200 JSON that does not parse', async () => {
    const s = await sim(['GET /pd/api/v1/stores=garbage']);
    const answer = await callPd(s, 'GET', `${API}/stores`);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; charset=UTF-8');
    expect(() => JSON.parse(answer.body)).toThrow();
  });

  it('can be set, added and cleared while running', async () => {
    const s = await sim();
    s.faults.set({
      method: 'GET',
      path: /^\/pd\/api\/v1\/region\/id\/\d+$/,
      action: 'status',
      status: 500,
      body: 'boom',
    });
    expect((await callPd(s, 'GET', `${API}/region/id/42`)).body).toBe('boom');
    s.faults.add('GET /pd/api/v1/**=no-leader');
    expect((await callPd(s, 'GET', `${API}/stores`)).status).toBe(503);
    s.faults.clear();
    expect((await callPd(s, 'GET', `${API}/region/id/42`)).status).toBe(200);
  });

  it('parses the CLI form', () => {
    expect(parseFaultSpec('POST /pd/api/v1/operators=delay:5000')).toEqual({
      method: 'POST',
      path: '/pd/api/v1/operators',
      action: 'delay',
      ms: 5000,
    });
    expect(parseFaultSpec('/pd/api/v1/store/*#2=status:503:a:b')).toEqual({
      method: '*',
      path: '/pd/api/v1/store/*',
      action: 'status',
      status: 503,
      body: 'a:b',
      times: 2,
    });
    expect(() => parseFaultSpec('GET /x=explode')).toThrow(/unknown action "explode"/);
    expect(() => parseFaultSpec('GET /x')).toThrow(/expected/);
  });
});

describe('request recording', () => {
  it('records method, path, query, lower-cased headers and raw body in order', async () => {
    const s = await sim();
    await fetch(`${s.url}${API}/operators`, {
      method: 'POST',
      headers: { 'X-Caller-ID': 'tikv-chatops', 'Content-Type': 'application/json' },
      body: '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
    });
    await fetch(`${s.url}${API}/stores?state=0&state=1`);
    expect(s.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['POST', `${API}/operators`, ''],
      ['GET', `${API}/stores`, 'state=0&state=1'],
    ]);
    expect(s.requests[0]?.headers['x-caller-id']).toBe('tikv-chatops');
    expect(s.requests[0]?.body).toBe('{"name":"transfer-leader","region_id":42,"to_store_id":4}');
  });

  it('waitForRequest resolves on a future request and rejects after its timeout', async () => {
    const s = await sim();
    const waiting = s.waitForRequest((r) => r.path.endsWith('/ping'));
    await fetch(`${s.url}${API}/ping`);
    expect((await waiting).method).toBe('GET');
    await expect(s.waitForRequest((r) => r.method === 'PATCH', 50)).rejects.toThrow(
      /no matching request within 50 ms/,
    );
  });
});
