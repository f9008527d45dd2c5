import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeAttempts } from '../../src/core/pd/describe-attempts.js';
import { PdHttpError, PdTransportError } from '../../src/core/pd/pd-errors.js';
import { PdClient } from '../../src/pd/pd-client.js';
import { storeRequest, transferLeaderRequest } from '../../src/pd/pd-request.js';
import { testPki } from '../support/test-pki.js';

const NO_LEADER = '[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader';
let down: string;
let busy: PdSim;
let healthy: PdSim;
let spare: PdSim;
const clients: PdClient[] = [];

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function client(endpoints: string[], responseTimeoutMs = 2000): PdClient {
  const pd = new PdClient({ endpoint: endpoints, connectTimeoutMs: 2000, responseTimeoutMs });
  clients.push(pd);
  return pd;
}

const posts = (sim: PdSim) => sim.requests.filter((r) => r.method === 'POST').length;

beforeAll(async () => {
  const stopped = await startPdSim({ timing: 'manual' });
  down = stopped.url;
  await stopped.close();
});
// Fresh simulators for every test: a transfer-leader changes the cluster, and would fail the next time.
beforeEach(async () => {
  const start = () => startPdSim({ timing: 'manual' });
  [busy, healthy, spare] = await Promise.all([start(), start(), start()]);
  busy.faults.add('*=no-leader');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((pd) => pd.close()));
  await Promise.all([busy, healthy, spare].map((sim) => sim.close()));
});

describe('PdClient with several endpoints of one cluster', () => {
  it('sends a POST to the healthy PD after a refused connection and a 503 no-leader, and says so', async () => {
    const pd = client([down, busy.url, healthy.url]);
    expect(pd.endpoint).toBe(`${down},${busy.url},${healthy.url}`);
    const response = await pd.send(transferLeaderRequest(42, 4));
    expect(response).toMatchObject({ status: 200, endpoint: healthy.url });
    expect(response.attempts).toMatchObject([
      { endpoint: down, outcome: 'PD_CONNECTION_REFUSED' },
      { endpoint: busy.url, outcome: 'not-serving', status: 503, pdMessage: NO_LEADER },
      { endpoint: healthy.url, outcome: 'answered', status: 200 },
    ]);
    expect(describeAttempts(response.attempts ?? [])).toBe(
      `${down} refused → ${busy.url} HTTP 503 not serving → ${healthy.url} answered HTTP 200`,
    );
    expect([posts(busy), posts(healthy)]).toEqual([1, 1]);
  });

  it('sends the next request straight to the PD that last answered', async () => {
    const pd = client([down, busy.url, healthy.url]);
    await pd.send(transferLeaderRequest(42, 4));
    const next = await pd.send(storeRequest(1));
    expect(next.attempts).toEqual([expect.objectContaining({ endpoint: healthy.url, outcome: 'answered' })]);
    expect(busy.requests).toHaveLength(1);
    expect(healthy.requests).toHaveLength(2);
  });

  it('stays with a PD that answered a business error, and does not send it elsewhere', async () => {
    const pd = client([healthy.url, spare.url]);
    const error = (await failure(pd.send(transferLeaderRequest(999999, 4)))) as PdHttpError;
    expect(error).toBeInstanceOf(PdHttpError);
    expect(error.status).toBe(500);
    expect(error.attempts).toMatchObject([{ endpoint: healthy.url, outcome: 'answered', status: 500 }]);
    expect(spare.requests).toHaveLength(0);
  });

  it('does not re-send a POST whose PD never answered: PD may have acted on it', async () => {
    healthy.faults.add('POST /pd/api/v1/operators=hang');
    const pd = client([healthy.url, spare.url], 300);
    const error = (await failure(pd.send(transferLeaderRequest(42, 4)))) as PdTransportError;
    expect(error).toBeInstanceOf(PdTransportError);
    expect(error.code).toBe('PD_RESPONSE_TIMEOUT');
    expect(error.nothingSent).toBe(false);
    expect(error.attempts).toMatchObject([{ endpoint: healthy.url, outcome: 'PD_RESPONSE_TIMEOUT' }]);
    expect([posts(healthy), spare.requests.length]).toEqual([1, 0]);
  });

  it('does not re-send a POST whose connection was reset after sending', async () => {
    healthy.faults.add('POST /pd/api/v1/operators=reset');
    const pd = client([healthy.url, spare.url]);
    const error = (await failure(pd.send(transferLeaderRequest(42, 4)))) as PdTransportError;
    expect(error.code).toBe('PD_CONNECTION_RESET');
    expect(error.message).toContain('It was not retried; check PD before trying again.');
    expect([posts(healthy), spare.requests.length]).toEqual([1, 0]);
  });

  it('moves a GET on after a reset, and after a timeout', async () => {
    healthy.faults.add('GET /pd/api/v1/store/1=reset');
    spare.faults.add('GET /pd/api/v1/store/1#1=hang');
    // Long enough that the healthy answer never misses it on a loaded machine.
    const pd = client([healthy.url, spare.url, busy.url], 1000);
    busy.faults.clear();
    const response = await pd.send(storeRequest(1));
    expect(response.endpoint).toBe(busy.url);
    expect(response.attempts?.map((a) => a.outcome)).toEqual([
      'PD_CONNECTION_RESET',
      'PD_RESPONSE_TIMEOUT',
      'answered',
    ]);
    expect([healthy, spare, busy].map((sim) => sim.requests.length)).toEqual([1, 1, 1]);
  });

  it('moves a GET on after PD proxy "redirect failed", but not a POST (the leader may have got it)', async () => {
    const redirectFailed = 'status:500:[PD:apiutil:ErrRedirect]redirect failed\n';
    healthy.faults.add(`*=${redirectFailed}`);
    const pd = client([healthy.url, spare.url]);
    expect((await pd.send(storeRequest(1))).endpoint).toBe(spare.url);
    const post = client([healthy.url, spare.url]);
    const error = (await failure(post.send(transferLeaderRequest(42, 4)))) as PdHttpError;
    expect(error.status).toBe(500);
    expect(posts(spare)).toBe(0);
  });

  it('moves a POST on after "redirect to not leader" and "server not started": PD refused before acting', async () => {
    healthy.faults.add('*=status:500:[PD:apiutil:ErrRedirectToNotLeader]redirect to not leader\n');
    spare.faults.add('*=status:500:[PD:server:ErrServerNotStarted]server not started\n');
    busy.faults.clear();
    const response = await client([healthy.url, spare.url, busy.url]).send(transferLeaderRequest(42, 4));
    expect(response.attempts?.map((a) => a.outcome)).toEqual(['not-serving', 'not-serving', 'answered']);
    expect([posts(healthy), posts(spare), posts(busy)]).toEqual([1, 1, 1]);
  });

  it('moves on past a PD whose TLS handshake fails: nothing was sent there', async () => {
    const pki = await testPki();
    const untrusted = await startPdSim({ timing: 'manual', tls: pki.otherServer });
    try {
      const pd = new PdClient({
        endpoint: [untrusted.url, healthy.url],
        connectTimeoutMs: 2000,
        responseTimeoutMs: 2000,
        tls: { ca: pki.ca },
      });
      clients.push(pd);
      const response = await pd.send(transferLeaderRequest(42, 4));
      expect(response.attempts?.map((a) => a.outcome)).toEqual(['PD_TLS_UNTRUSTED', 'answered']);
      expect([untrusted.requests.length, posts(healthy)]).toEqual([0, 1]);
    } finally {
      await untrusted.close();
    }
  });

  it('gives one error listing every endpoint when none can take the request', async () => {
    spare.faults.add('*=status:503');
    const pd = client([down, busy.url, spare.url]);
    const error = (await failure(pd.send(transferLeaderRequest(42, 4)))) as PdHttpError;
    expect(error).toBeInstanceOf(PdHttpError);
    expect(error).toMatchObject({ status: 503, endpoint: spare.url });
    expect(error.attempts.map((a) => [a.endpoint, a.outcome])).toEqual([
      [down, 'PD_CONNECTION_REFUSED'],
      [busy.url, 'not-serving'],
      [spare.url, 'not-serving'],
    ]);
    expect(error.message).toBe(
      `PD answered POST /pd/api/v1/operators with HTTP 503: 503 Service Unavailable Endpoints tried: ${down} refused → ${busy.url} HTTP 503 not serving → ${spare.url} HTTP 503 not serving.`,
    );
    expect([posts(busy), posts(spare)]).toEqual([1, 1]);
  });

  it('says nothing was sent when every endpoint refused', async () => {
    const other = await startPdSim({ timing: 'manual' });
    const alsoDown = other.url;
    await other.close();
    const error = (await failure(
      client([down, alsoDown]).send(transferLeaderRequest(42, 4)),
    )) as PdTransportError;
    expect(error.code).toBe('PD_CONNECTION_REFUSED');
    expect(error.nothingSent).toBe(true);
    expect(error.attempts).toHaveLength(2);
  });
});
