import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_TOKEN, BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { RESPONSE_URL_FAULT } from '../support/fake-slack/index.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

describe('/tikv over HTTP, through the real Bolt app', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'http' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('moves a leader: acks within 3 s, sends the pd-ctl body once, posts PD answer in the channel', async () => {
    const { ack, result } = await slash(h, 'transfer-leader 42 4');
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(3000);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    const response = await result();
    expect(response.body).toMatchObject({ response_type: 'in_channel' });
    const posted = flat(response.body);
    expect(posted).toContain('<@U0ONCALL>');
    expect(posted).toContain('transfer-leader');
    expect(posted).toContain(h.sim.url);
    expect(posted).toContain('PD answered *HTTP 200*');
    expect(posted).toContain(fenced('"The operator is created."\n'));
    expect(posted).toContain('PD is the tikv-chatops *simulator*');
    expect(h.pdWrites().map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/pd/api/v1/operators', '{"name":"transfer-leader","region_id":42,"to_store_id":4}'],
    ]);
    expect(h.pdWrites()[0]?.headers['x-caller-id']).toBe('tikv-chatops');
    // PD really queued it: the simulated leader moves once the operator finishes.
    h.sim.advance(5000);
    expect(h.sim.cluster.region(42)?.leaderStoreId).toBe(4);
  });

  it('moves a peer with the exact transfer-peer body', async () => {
    const { result } = await slash(h, 'transfer-peer 42 3 1');
    expect(flat((await result()).body)).toContain('The operator is created.');
    expect(h.pdWrites().map((r) => r.body)).toEqual([
      '{"name":"transfer-peer","region_id":42,"from_store_id":3,"to_store_id":1}',
    ]);
  });

  it('drains a store through the evict-leader scheduler', async () => {
    const { result } = await slash(h, 'drain-store 3');
    expect(flat((await result()).body)).toContain(fenced('"The scheduler is created."\n'));
    expect(h.pdWrites().map((r) => [r.path, r.body])).toEqual([
      ['/pd/api/v1/schedulers', '{"name":"evict-leader-scheduler","store_id":3}'],
    ]);
  });

  it.each([
    ['transfer-leader 999999 4', 500, '"[PD:region:ErrRegionNotFound]region 999999 not found"\n'],
    ['transfer-leader 42 7', 500, '"region has no voter in store 7"\n'],
    ['transfer-leader 42 2', 500, '"no operator step is built"\n'],
    ['transfer-leader 46 5', 500, '"cannot create operator: target leader is not allowed"\n'],
    ['transfer-peer 42 1 3', 500, '"region has no peer in store 1"\n'],
    ['transfer-peer 42 3 99', 500, '"[PD:core:ErrStoreNotFound]store 99 not found"\n'],
    ['drain-store 99', 400, '"[PD:core:ErrStoreNotFound]store 99 not found"\n'],
  ])('shows PD error for %j verbatim with its status', async (text, status, raw) => {
    const { result } = await slash(h, text);
    const posted = flat((await result()).body);
    expect(posted).toContain(`PD answered *HTTP ${status}*`);
    expect(posted).toContain(fenced(raw));
    expect(posted).toContain(':x:');
    expect(h.pdWrites()).toHaveLength(1);
  });

  it('shows ErrAddOperator when an operator is already running on the region', async () => {
    await (await slash(h, 'transfer-leader 42 4')).result();
    const { result } = await slash(h, 'transfer-peer 42 3 1');
    expect(flat((await result()).body)).toContain(
      fenced('"[PD:operator:ErrAddOperator]failed to add operator, maybe already have one"\n'),
    );
    expect(h.pdWrites()).toHaveLength(2);
  });

  it('shows a store that was removed (Tombstone) as PD reports it', async () => {
    h.sim.cluster.setStoreState(1, 'Tombstone');
    const { result } = await slash(h, 'transfer-peer 42 3 1');
    expect(flat((await result()).body)).toContain(
      fenced('"[PD:core:ErrStoreRemoved]store 1 has been removed"\n'),
    );
  });

  it.each([
    [
      'a request-shape error',
      400,
      '"missing store id to transfer leader to"\n',
      'application/json; charset=UTF-8',
    ],
    [
      'the errcode object for malformed JSON',
      400,
      '{\n  "code": "input",\n  "msg": "invalid character \'x\' looking for beginning of value",\n  "data": {\n    "Offset": 1\n  }\n}\n',
      'application/json; charset=UTF-8',
    ],
    [
      'a follower with no leader',
      503,
      '[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader\n',
      'text/plain; charset=utf-8',
    ],
    ['a proxy error with markup', 502, '<html><body>Bad Gateway & more</body></html>\n', 'text/html'],
  ])('keeps %s verbatim (escaped for mrkdwn)', async (_name, status, body, contentType) => {
    h.sim.faults.add({
      method: 'POST',
      path: '/pd/api/v1/operators',
      action: 'status',
      status,
      body,
      contentType,
    });
    const { result } = await slash(h, 'transfer-leader 42 4');
    const posted = flat((await result()).body);
    expect(posted).toContain(`PD answered *HTTP ${status}*`);
    expect(posted).toContain(fenced(body));
  });

  it('reports a PD that does not answer within the timeout, and never re-sends the POST', async () => {
    await h.close();
    h = await startHarness({ mode: 'http', pdTimeoutMs: 500 });
    h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'hang' });
    const started = performance.now();
    const { ack, result } = await slash(h, 'transfer-leader 42 4');
    expect(ack.status).toBe(200);
    const response = await result();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(500 + 1000);
    const posted = flat(response.body);
    expect(posted).toContain('PD_RESPONSE_TIMEOUT');
    expect(posted).toContain('PD did not answer within 500 ms');
    expect(posted).toContain('It was not retried');
    expect(h.pdWrites()).toHaveLength(1);
  });

  it('reports a PD that refuses connections, quickly and clearly', async () => {
    const closed = await startHarness({ mode: 'http' });
    const deadUrl = closed.sim.url;
    await closed.close();
    await h.close();
    h = await startHarness({ mode: 'http', pdEndpoint: deadUrl, pdTimeoutMs: 1000 });
    const started = performance.now();
    const { result } = await slash(h, 'transfer-leader 42 4');
    const posted = flat((await result()).body);
    expect(performance.now() - started).toBeLessThan(1000 + 1000);
    expect(posted).toContain('PD_CONNECTION_REFUSED');
    expect(posted).toContain('PD refused the connection');
  });

  it('reports a PD that resets the connection, without retrying', async () => {
    h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'reset' });
    const { result } = await slash(h, 'transfer-leader 42 4');
    expect(flat((await result()).body)).toContain('PD_CONNECTION_RESET');
    expect(h.pdWrites()).toHaveLength(1);
  });

  it.each([
    ['move-leader 42 4', 'unknown action \\"move-leader\\"'],
    ['transfer-leader abc 4', 'region_id must be a positive integer, got \\"abc\\"'],
    ['transfer-leader 42 4.5', 'to_store_id must be a positive integer, got \\"4.5\\"'],
    ['transfer-leader 0 4', 'region_id must be a positive integer, got \\"0\\"'],
    ['transfer-leader -3 4', 'region_id must be a positive integer, got \\"-3\\"'],
    ['transfer-leader 9007199254740992 4', 'region_id must be at most 9007199254740991'],
    ['transfer-leader 42 4 5', 'unexpected extra argument \\"5\\"'],
    ['transfer-leader 42 store_id=4', 'unknown argument \\"store_id\\"'],
    ['drain-store x', 'store_id must be a positive integer, got \\"x\\"'],
    ['hot sideways', 'type must be one of read, write, got \\"sideways\\"'],
    ['stores page=0', 'page must be a positive integer, got \\"0\\"'],
    ['region-key 6162 banana', 'format must be one of hex, raw, encode, got \\"banana\\"'],
    ['operator-history 5parsecs', 'since must be a duration such as 30s, 10m or 1h30m, got \\"5parsecs\\"'],
    ['regions-check sideways-peer', 'kind must be one of down-peer, pending-peer, offline-peer'],
    ['cancel-operator x', 'region_id must be a positive integer, got \\"x\\"'],
    ['undrain-store 0', 'store_id must be a positive integer, got \\"0\\"'],
    ['store abc', 'store_id must be a positive integer, got \\"abc\\"'],
    ['region 0', 'region_id must be a positive integer, got \\"0\\"'],
  ])('answers bad input %j privately, naming the field, and sends PD nothing', async (text, message) => {
    const { ack } = await slash(h, text);
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    const reply = flat(ack.json);
    expect(reply).toContain('Nothing was sent to PD');
    expect(reply).toContain(message);
    expect(reply).toMatch(/Usage: `\/tikv |\/tikv help/);
    expect(h.sim.requests).toEqual([]);
    expect(h.slack.responses).toEqual([]);
  });

  it('shows help generated from the definitions, privately', async () => {
    const { ack } = await slash(h, 'help');
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(ack.json)).toContain(
      '/tikv transfer-peer &lt;region_id&gt; &lt;from_store_id&gt; &lt;to_store_id&gt;',
    );
    expect(h.sim.requests).toEqual([]);
  });

  it('rejects a forged signature with 401 and calls nothing', async () => {
    const { ack } = await slash(h, 'transfer-leader 42 4', { signature: `v0=${'0'.repeat(64)}` });
    expect(ack.status).toBe(401);
    expect(h.sim.requests).toEqual([]);
    expect(h.slack.responses).toEqual([]);
  });

  it('rejects a timestamp older than 5 minutes with 401 and calls nothing', async () => {
    const { ack } = await slash(h, 'transfer-leader 42 4', { ageSeconds: 301 });
    expect(ack.status).toBe(401);
    expect(h.sim.requests).toEqual([]);
  });

  it('logs one structured line per command, and never a token or the signing secret', async () => {
    await (await slash(h, 'transfer-leader 42 4')).result();
    await slash(h, 'transfer-leader abc 4');
    const executed = h.logs.find((l) => l.decision === 'executed');
    expect(executed).toEqual([
      expect.objectContaining({
        correlationId: expect.any(String),
        user: 'U0ONCALL',
        channel: 'C0INCIDENT',
        action: 'transfer_leader',
        params: { region_id: 42, to_store_id: 4 },
        pdStatus: 200,
        durationMs: expect.any(Number),
      }),
    ]);
    expect(h.logs.find((l) => l.decision === 'invalid_input')).toHaveLength(1);
    const all = h.logs.raw.join('\n');
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) expect(all).not.toContain(secret);
  });

  it('answers a health check for load balancers', async () => {
    const res = await fetch(`${h.botUrl}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('start-up against the simulator', () => {
  it('learns at start that PD is the simulator, so even help says so', async () => {
    const h = await startHarness({ mode: 'http' });
    try {
      expect(h.logs.find((l) => l.decision === 'pd_probe')[0]).toMatchObject({
        pdVersion: 'v9.0.0-beta.2.pre-483-ga186e0cc61',
        simulated: true,
      });
      const { ack } = await slash(h, 'transfer-leader 42 4');
      expect(flat(ack.json)).toContain('[PD simulator]');
    } finally {
      await h.close();
    }
  });
});

describe('acks never wait for PD', () => {
  it('acks a command at once even while PD hangs', async () => {
    const h = await startHarness({ mode: 'http', pdTimeoutMs: 3000 });
    try {
      h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'hang' });
      const { ack, result } = await slash(h, 'transfer-leader 42 4');
      // PD will hang for 3 s; an ack that waited for it would take at least that long.
      expect(ack.elapsedMs).toBeLessThan(1500);
      expect(ack.status).toBe(200);
      expect(flat((await result()).body)).toContain('PD_RESPONSE_TIMEOUT');
    } finally {
      await h.close();
    }
  });
});

describe('replies when the response_url no longer works', () => {
  it('falls back to plain text, then to chat.postMessage, so the channel still hears PD', async () => {
    const h = await startHarness({ mode: 'http' });
    try {
      h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, times: 2 });
      await slash(h, 'transfer-leader 42 4');
      const posted = await h.slack.waitForCall('chat.postMessage');
      expect(posted.args.channel).toBe('C0INCIDENT');
      expect(flat(posted.args.blocks)).toContain(fenced('"The operator is created."\n'));
      expect(h.pdWrites()).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
