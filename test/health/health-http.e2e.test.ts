import { afterEach, describe, expect, it } from 'vitest';
import { flat, slash } from '../slack/slack-e2e-helpers.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { postSlashCommand, RESPONSE_URL_FAULT } from '../support/fake-slack/index.js';
import { allLabelValues, get, samples } from './health-support.js';

describe('health and metrics in HTTP mode, on the Bolt server', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('/healthz and /readyz answer 200 when config, Slack and PD are all there, naming each part', async () => {
    h = await startHarness({ mode: 'http' });
    expect(await get(`${h.botUrl}/healthz`)).toMatchObject({ status: 200, text: 'ok\n' });
    const ready = await get(`${h.botUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.text).toBe('ready\nconfig: ok\nslack: ok (HTTP listening)\npd default: ok\n');
    // /readyz reads PD's state from the last probe: a hundred hits send PD nothing.
    await Promise.all(Array.from({ length: 100 }, () => get(`${h?.botUrl}/readyz`)));
    expect(h.sim.requests).toEqual([]);
  });

  it('/readyz is 503 naming the cluster whose PD did not answer the start-up probe', async () => {
    // A closed port: nothing listens there.
    h = await startHarness({ mode: 'http', pdEndpoint: 'http://127.0.0.1:1' });
    const ready = await get(`${h.botUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.text).toContain('not ready: pd default\n');
    expect(ready.text).toContain('pd default: NOT READY (PD unreachable: PD_CONNECTION_REFUSED)');
    // Alive all the same: a PD outage must not get the bot restarted.
    expect((await get(`${h.botUrl}/healthz`)).status).toBe(200);
    // A probe that must not block rollouts or node drains over a PD outage leaves PD out.
    const excluded = await get(`${h.botUrl}/readyz?exclude=pd`);
    expect(excluded.status).toBe(200);
    expect(excluded.text).toContain('ready\n');
    expect(excluded.text).toContain(
      'pd default: NOT READY (PD unreachable: PD_CONNECTION_REFUSED) [excluded]',
    );
  });

  it('the periodic re-probe turns /readyz 503 when PD stops answering, and 200 again when it is back', async () => {
    h = await startHarness({ mode: 'http' });
    h.sim.faults.add({ method: 'GET', path: '/pd/api/v1/version', action: 'status', status: 503 });
    await h.bot.health.pd.probeNow();
    const down = await get(`${h.botUrl}/readyz`);
    expect(down.status).toBe(503);
    expect(down.text).toContain('pd default: NOT READY (PD unreachable: PD_HTTP_ERROR HTTP 503)');
    h.sim.faults.clear();
    await h.bot.health.pd.probeNow();
    expect((await get(`${h.botUrl}/readyz`)).status).toBe(200);
  });

  it('turns /readyz 503 the moment a shutdown starts, while /healthz stays 200 through the drain', async () => {
    h = await startHarness({ mode: 'http', pdTimeoutMs: 1000, pdConnectTimeoutMs: 500 });
    // A PD call in flight holds the drain open long enough to look at the probes during it.
    h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'hang' });
    const command = await slash(h, 'transfer-leader 42 4');
    await h.sim.waitForRequest((r) => r.method === 'POST');
    const stopping = h.bot.shutdown('SIGTERM');
    await h.logs.waitFor((l) => l.decision === 'draining');
    const ready = await get(`${h.botUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.text).toContain('not ready: shutdown\n');
    expect(ready.text).toContain('shutdown: NOT READY (draining: taking no new work)');
    expect((await get(`${h.botUrl}/healthz`)).status).toBe(200);
    // PD's timeout ends the call; the drain finishes with the reply posted.
    expect(flat((await command.result()).body)).toContain('PD_RESPONSE_TIMEOUT');
    expect((await stopping).code).toBe(0);
  }, 20_000);

  it('/metrics counts the command, its PD call by path template, with no region, store or user id in any label', async () => {
    h = await startHarness({ mode: 'http' });
    await (await slash(h, 'transfer-leader 42 4')).result();
    await (await slash(h, 'region 42')).result();
    await (await slash(h, 'transfer-leader 42 4', { userId: 'U0PASSERBY' })).result();
    // Counted once the post resolved, just after Slack recorded it: the tracked requests end there.
    await h.bot.work.whenIdle();
    const scrape = await get(`${h.botUrl}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.contentType).toContain('text/plain');
    const commands = samples(scrape.text, 'tikv_chatops_commands_total');
    expect(commands).toEqual(
      expect.arrayContaining([
        { labels: { action: 'transfer_leader', cluster: 'default', outcome: 'ok' }, value: 1 },
        { labels: { action: 'transfer_leader', cluster: 'default', outcome: 'denied' }, value: 1 },
        { labels: { action: 'region', cluster: 'default', outcome: 'ok' }, value: 1 },
      ]),
    );
    const pdCounts = samples(scrape.text, 'tikv_chatops_pd_request_duration_seconds_count');
    expect(pdCounts).toEqual(
      expect.arrayContaining([
        { labels: { endpoint: '/pd/api/v1/operators', method: 'POST', status: '200' }, value: 1 },
        { labels: { endpoint: '/pd/api/v1/region/id/{id}', method: 'GET', status: '200' }, value: 1 },
        // The start-up probe.
        { labels: { endpoint: '/pd/api/v1/version', method: 'GET', status: '200' }, value: 1 },
      ]),
    );
    // The replies went to response_url: counted as Slack calls, none failed.
    expect(samples(scrape.text, 'tikv_chatops_slack_api_calls_total')).toEqual(
      expect.arrayContaining([{ labels: { method: 'response_url' }, value: 3 }]),
    );
    expect(samples(scrape.text, 'tikv_chatops_slack_api_errors_total')).toEqual([]);
    // Process and event-loop metrics are on the same registry.
    expect(scrape.text).toContain('process_cpu_user_seconds_total');
    expect(scrape.text).toContain('nodejs_eventloop_lag_seconds');
    expect(scrape.text).toContain('tikv_chatops_follow_ups_in_flight');
    const values = allLabelValues(scrape.text);
    expect(values.filter((v) => /\b42\b|\bU0[A-Z]+\b|C0INCIDENT|corr\d/.test(v))).toEqual([]);
  });

  it('/metrics counts a reply Slack refused at its response_url as a Slack error', async () => {
    h = await startHarness({ mode: 'http' });
    // Every fallback refused: the reply cannot be delivered at all.
    for (let i = 0; i < 3; i++) h.slack.failNext(RESPONSE_URL_FAULT, { status: 500 });
    const command = await slash(h, 'region 42');
    expect(command.ack.status).toBe(200);
    // The request is tracked until its reply was posted (or given up on).
    await h.bot.work.whenIdle();
    const scrape = await get(`${h.botUrl}/metrics`);
    expect(samples(scrape.text, 'tikv_chatops_slack_api_errors_total')).toEqual(
      expect.arrayContaining([{ labels: { method: 'response_url' }, value: expect.any(Number) as number }]),
    );
  });

  it('/metrics counts a replayed command as a dedupe hit', async () => {
    h = await startHarness({ mode: 'http' });
    const first = await slash(h, 'region 42');
    await first.result();
    const replay = await postSlashCommand(h.botUrl, SIGNING_SECRET, first.fields);
    expect(replay.status).toBe(200);
    const scrape = await get(`${h.botUrl}/metrics`);
    expect(samples(scrape.text, 'tikv_chatops_dedupe_hits_total')).toEqual([{ labels: {}, value: 1 }]);
  });
});
