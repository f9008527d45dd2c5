import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisApprovalStore } from '../../src/redis/redis-approval-store.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { manualClock, POLICY, postClick } from '../slack/safety-harness.js';
import { flat, slash } from '../slack/slack-e2e-helpers.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { LogCapture } from '../support/log-capture.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

/** Two bot replicas (HTTP, as behind a load balancer) sharing one Redis, one PD and one Slack. */
describe('several replicas as one, over Redis', () => {
  let redis: TestRedisServer;
  const open: Harness[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    // The replica that owns the simulator and the fake goes last.
    for (const h of open.reverse()) await h.close();
    open.length = 0;
    // A test that failed while Redis was stopped must not take the next ones down with it.
    await redis.restart().catch(() => undefined);
    await flush();
  });

  async function flush() {
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    await client.connect().catch(() => undefined);
    await client.flushdb().catch(() => undefined);
    client.disconnect();
  }

  async function replicas(clock?: ReturnType<typeof manualClock>): Promise<[Harness, Harness]> {
    const a = await startHarness({
      mode: 'http',
      policy: POLICY,
      redisUrl: redis.url,
      instanceId: 'bot-a',
      ...(clock !== undefined && { clock }),
    });
    open.push(a);
    const b = await startHarness({
      mode: 'http',
      policy: POLICY,
      redisUrl: redis.url,
      instanceId: 'bot-b',
      shareWith: a,
      ...(clock !== undefined && { clock }),
    });
    open.push(b);
    a.slack.setUsergroup('S0SRE', []);
    a.slack.setUsergroup('S0LEADS', []);
    return [a, b];
  }

  async function requestApproval(h: Harness): Promise<string> {
    const { result } = await slash(h, 'drain-store 3');
    const message = (await result()).body as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const id = message.blocks
      .find((b) => b.type === 'actions')
      ?.elements?.find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (id === undefined) throw new Error(`no approval buttons in ${flat(message)}`);
    return id;
  }

  it('runs an approval requested through A and approved through B, once', async () => {
    const [a, b] = await replicas();
    const approvalId = await requestApproval(a);
    const click = await postClick(b, APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect(click.status).toBe(200);
    expect(flat(await click.reply())).toContain('Approved by <@U0LEAD>');
    expect(a.pdWrites().map((r) => r.body)).toEqual(['{"name":"evict-leader-scheduler","store_id":3}']);
    // A late click on A finds it already decided.
    const late = await postClick(a, APPROVE_ACTION_ID, approvalId, 'U0LEAD2');
    expect(await late.reply()).toMatchObject({ response_type: 'ephemeral' });
    expect(a.pdWrites()).toHaveLength(1);
  });

  it('sends PD one call for concurrent approve clicks on A and B', async () => {
    const [a, b] = await replicas();
    for (let round = 0; round < 5; round++) {
      const approvalId = await requestApproval(round % 2 === 0 ? a : b);
      const clicks = await Promise.all([
        postClick(a, APPROVE_ACTION_ID, approvalId, 'U0LEAD'),
        postClick(b, APPROVE_ACTION_ID, approvalId, 'U0LEAD2'),
      ]);
      const replies = await Promise.all(clicks.map((c) => c.reply()));
      expect(replies.filter((r) => flat(r).includes('Approved by'))).toHaveLength(1);
      expect(a.pdWrites()).toHaveLength(round + 1);
    }
  });

  it('while Redis is down refuses writes with a clear message, still answers reads, and recovers', async () => {
    const [a] = await replicas();
    const approvalId = await requestApproval(a);
    expect((await a.bot.health.readiness.report()).parts).toContainEqual({
      name: 'redis',
      state: { ok: true },
    });
    await redis.stop();
    await a.logs.waitFor((l) => l.decision === 'redis_lost');
    const notReady = await a.bot.health.readiness.report();
    expect(notReady.ready).toBe(false);
    expect(notReady.parts.find((p) => p.name === 'redis')?.state).toMatchObject({ ok: false });

    // Its replay check could only be local, so no change runs: neither one needing approval…
    const write = await slash(a, 'drain-store 3');
    expect(flat(write.ack.json)).toContain(
      'The shared store (Redis) is unreachable, so this change was not run',
    );
    // …nor one that needs none.
    const direct = await slash(a, 'transfer-leader 42 4');
    expect(flat(direct.ack.json)).toContain(
      'The shared store (Redis) is unreachable, so this change was not run',
    );
    expect(direct.ack.json).toMatchObject({ response_type: 'ephemeral' });
    const click = await postClick(a, APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect((await click.reply()).text).toContain(
      'The shared store (Redis) is unreachable, so this click could not be handled',
    );
    const read = await slash(a, 'store 3');
    expect(flat((await read.result()).body)).toContain('store');
    expect(a.pdWrites()).toEqual([]);
    expect(a.logs.find((l) => l.decision === 'redis_refused').length).toBeGreaterThan(0);

    await redis.restart();
    await a.logs.waitFor((l) => l.decision === 'redis_recovered');
    expect((await a.bot.health.readiness.report()).parts).toContainEqual({
      name: 'redis',
      state: { ok: true },
    });
    const again = await requestApproval(a);
    const approved = await postClick(a, APPROVE_ACTION_ID, again, 'U0LEAD');
    expect(flat(await approved.reply())).toContain('Approved by <@U0LEAD>');
    expect(a.pdWrites()).toHaveLength(1);
  });

  it('Redis lost while PD runs an approved request: PD answer still reported, never "nothing was sent"', async () => {
    const [a] = await replicas();
    const approvalId = await requestApproval(a);
    a.sim.faults.add({ method: 'POST', path: '/pd/api/v1/schedulers', action: 'delay', ms: 1500, times: 1 });
    const click = await postClick(a, APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    await a.sim.waitForRequest((r) => r.method === 'POST');
    await redis.stop();
    const reply = flat(await click.reply());
    expect(reply).toContain('Approved by <@U0LEAD>');
    expect(reply).toContain('The scheduler is created.');
    expect(reply).not.toContain('nothing was sent to PD');
    expect(a.logs.find((l) => l.decision === 'approval_close_failed')[0]).toMatchObject({ approvalId });
    // The drain cannot be followed without the store: said in the log, not as a failed click.
    await a.logs.waitFor((l) => l.decision === 'follow_up_not_started');
    await a.bot.work.whenIdle();
    expect(a.logs.find((l) => l.decision === 'internal_error')).toEqual([]);
    await redis.restart();
  });

  it('A killed between the claim and the PD call: B closes the approval as interrupted, never runs it', async () => {
    const clock = manualClock();
    const [a, b] = await replicas(clock);
    const approvalId = await requestApproval(a);
    // What A does first on an approve click, and then it dies: the claim, with no PD call after it.
    const asA = await RedisConnection.open({
      url: redis.url,
      keyPrefix: 'tikv-chatops:',
      logger: pino(new LogCapture()),
    });
    try {
      const claimed = await new RedisApprovalStore(asA).transition(approvalId, 'pending', 'approved', {
        decidedBy: 'U0LEAD',
        decidedAt: clock.now(),
      });
      expect(claimed?.state).toBe('approved');
    } finally {
      await asA.close();
    }
    // A click meanwhile is refused: the claim is taken, so it can never become a second run.
    const meanwhile = await postClick(b, APPROVE_ACTION_ID, approvalId, 'U0LEAD2');
    expect(await meanwhile.reply()).toMatchObject({ response_type: 'ephemeral' });
    clock.advance(29 * 60_000);
    await b.bot.sweepApprovals();
    expect(b.logs.find((l) => l.decision === 'approval_interrupted')).toEqual([]);
    clock.advance(2 * 60_000);
    await b.bot.sweepApprovals();
    expect(b.logs.find((l) => l.decision === 'approval_interrupted')[0]).toMatchObject({ approvalId });
    const announced = await a.slack.waitForCall('chat.update');
    expect(flat(announced.args.blocks)).toContain(
      "stopped before PD's answer was recorded: it may or may not have reached PD",
    );
    expect(a.pdWrites()).toEqual([]);
  });
});
