import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { type FakeSlack, slashCommandFields } from '../support/fake-slack/index.js';
import { LogCapture } from '../support/log-capture.js';
import { allLabelValues, get, samples } from './health-support.js';

describe('health and metrics in Socket Mode, on HEALTH_PORT', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const healthUrl = (harness: Harness) => `http://127.0.0.1:${harness.bot.healthPort}`;

  it('answers /healthz at once, and /readyz 503 naming Slack until the websocket opens, then 200', async () => {
    const logs = new LogCapture();
    let slack: FakeSlack | undefined;
    let hold: { release(): void } | undefined;
    const starting = startHarness({
      mode: 'socket',
      health: true,
      logs,
      beforeStart: (fake) => {
        slack = fake;
        hold = fake.holdAnswers('apps.connections.open');
      },
    });
    const listening = await logs.waitFor((l) => l.decision === 'health_listening');
    const url = `http://127.0.0.1:${listening.port as number}`;
    // The bot has asked Slack for a socket URL (PD was probed before) and is waiting for the answer.
    await (slack as FakeSlack).waitForCall('apps.connections.open');
    expect(await get(`${url}/healthz`)).toMatchObject({ status: 200, text: 'ok\n' });
    const before = await get(`${url}/readyz`);
    expect(before.status).toBe(503);
    expect(before.text).toContain('not ready: slack\n');
    expect(before.text).toContain('slack: NOT READY (Socket Mode websocket not connected yet)');
    expect(before.text).toContain('pd default: ok');
    hold?.release();
    h = await starting;
    expect(h.bot.healthPort).toBe(listening.port);
    const after = await get(`${url}/readyz`);
    expect(after).toMatchObject({ status: 200 });
    expect(after.text).toContain('slack: ok (Socket Mode websocket open)');
  });

  it('/readyz is 503 while the websocket is down and reconnecting, 200 once it is back', async () => {
    h = await startHarness({ mode: 'socket', health: true });
    const sockets = h.slack.socketConnections.length;
    const calls = h.slack.calls.length;
    const hold = h.slack.holdAnswers('apps.connections.open');
    h.slack.dropSockets();
    // The reconnect is under way: Bolt asked for a new socket URL and is held there.
    await h.slack.waitForCall('apps.connections.open', undefined, { since: calls });
    const down = await get(`${healthUrl(h)}/readyz`);
    expect(down.status).toBe(503);
    expect(down.text).toContain('not ready: slack\n');
    const { logs } = h;
    const lines = logs.lines.length;
    hold.release();
    await h.slack.waitForSocketConnection(undefined, { since: sockets });
    await h.logs.waitFor(
      (l) => l.decision === 'slack_connection' && l.state === 'connected' && logs.lines.indexOf(l) >= lines,
    );
    const up = await get(`${healthUrl(h)}/readyz`);
    expect(up.status).toBe(200);
  });

  it('keeps /healthz 200 and /readyz 503 through the drain, then closes the health port', async () => {
    // PD's 1 s timeout ends the held call: the drain then finishes quickly.
    h = await startHarness({ mode: 'socket', health: true, pdTimeoutMs: 1000, pdConnectTimeoutMs: 500 });
    const url = healthUrl(h);
    h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'hang' });
    const envelope = h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        text: 'transfer-leader 42 4',
        responseUrl: h.slack.newResponseUrl(),
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    await envelope.ack;
    await h.sim.waitForRequest((r) => r.method === 'POST');
    const stopping = h.bot.shutdown('SIGTERM');
    await h.logs.waitFor((l) => l.decision === 'draining');
    const ready = await get(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.text).toContain('shutdown: NOT READY (draining: taking no new work)');
    expect((await get(`${url}/healthz`)).status).toBe(200);
    expect((await stopping).code).toBe(0);
    await expect(get(`${url}/healthz`)).rejects.toThrow();
  }, 20_000);

  it('/metrics counts commands and Slack Web API calls by method, labels bounded', async () => {
    h = await startHarness({ mode: 'socket', health: true });
    const envelope = h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        text: 'transfer-leader 42 4',
        responseUrl: h.slack.newResponseUrl(),
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    await envelope.ack;
    await h.sim.waitForRequest((r) => r.method === 'POST');
    // The simulator's manual timing keeps the operator running: the bot follows it until stopped.
    await h.logs.waitFor((l) => l.decision === 'follow_up_started');
    const scrape = await get(`${healthUrl(h)}/metrics`);
    expect(samples(scrape.text, 'tikv_chatops_follow_ups_in_flight')).toEqual([{ labels: {}, value: 1 }]);
    expect(scrape.status).toBe(200);
    const calls = samples(scrape.text, 'tikv_chatops_slack_api_calls_total');
    expect(calls).toEqual(
      expect.arrayContaining([{ labels: { method: 'apps.connections.open' }, value: 1 }]),
    );
    expect(samples(scrape.text, 'tikv_chatops_slack_api_errors_total')).toEqual([]);
    expect(scrape.text).toContain('nodejs_eventloop_lag_seconds');
    const values = allLabelValues(scrape.text);
    expect(values.filter((v) => /\b42\b|\bU0[A-Z]+\b|C0INCIDENT|corr\d/.test(v))).toEqual([]);
  });

  it('404s other paths and 405s other methods on the health port', async () => {
    h = await startHarness({ mode: 'socket', health: true });
    expect((await get(`${healthUrl(h)}/slack/events`)).status).toBe(404);
    const post = await fetch(`${healthUrl(h)}/readyz`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
