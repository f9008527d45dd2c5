import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { POLICY, REQUEST_TS } from '../slack/safety-harness.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/bot-harness.js';
import { type BotProcess, killBotProcesses, spawnBotProcess } from '../support/bot-process.js';
import {
  blockActionsPayload,
  type FakeSlack,
  postInteraction,
  postSlashCommand,
  slashCommandFields,
  startFakeSlack,
} from '../support/fake-slack/index.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

const DRAIN_BODY = '{"name":"evict-leader-scheduler","store_id":3}';

/**
 * Two real bot processes (`node src/main.ts`, HTTP mode, as behind a load balancer) sharing one
 * redis-server, one PD simulator and one Slack fake: the only thing they share is Redis.
 */
describe('two bot processes sharing one Redis', { timeout: 60_000 }, () => {
  let redis: TestRedisServer | undefined;
  let sim: PdSim | undefined;
  let slack: FakeSlack | undefined;
  let dir: string | undefined;
  let policyFile = '';
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    redis = await startRedisServer();
    sim = await startPdSim();
    slack = await startFakeSlack();
    slack.setUsergroup('S0SRE', []);
    slack.setUsergroup('S0LEADS', []);
    dir = await mkdtemp(join(tmpdir(), 'tikv-two-procs-'));
    policyFile = join(dir, 'policy.yaml');
    await writeFile(policyFile, POLICY);
  }, 30_000);

  afterEach(async () => {
    await killBotProcesses(children);
    await slack?.close();
    await sim?.close();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    redis = sim = slack = dir = undefined;
  }, 30_000);

  /** Starts one replica and resolves once its `started` log line names the port it listens on. */
  function startBot(name: string, token = BOT_TOKEN): Promise<BotProcess> {
    if (!sim || !slack || !redis) throw new Error('fixtures not started');
    return spawnBotProcess(
      name,
      {
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        PD_ENDPOINTS: sim.url,
        POLICY_FILE: policyFile,
        // Generous, so a lookup the concurrency test holds open never times out on a loaded machine.
        GROUP_LOOKUP_TIMEOUT_MS: '15000',
        REDIS_URL: redis.url,
        LOG_LEVEL: 'info',
      },
      children,
    );
  }

  /** `/tikv drain-store 3` (high risk) through one replica; the approval id from the posted buttons. */
  async function requestApproval(bot: BotProcess): Promise<string> {
    if (!slack) throw new Error('no slack');
    const responseUrl = slack.newResponseUrl();
    const ack = await postSlashCommand(
      bot.url,
      SIGNING_SECRET,
      slashCommandFields({
        text: 'drain-store 3',
        responseUrl,
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    expect(ack.status).toBe(200);
    const message = (await slack.waitForResponse((r) => r.url === responseUrl)).body as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const id = message.blocks
      .find((b) => b.type === 'actions')
      ?.elements?.find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (id === undefined) throw new Error(`no approval buttons in ${JSON.stringify(message)}`);
    return id;
  }

  /** A signed approve click to one replica; `reply` waits for what it posts to the click's response_url. */
  function approve(bot: BotProcess, approvalId: string, userId: string) {
    if (!slack) throw new Error('no slack');
    const fake = slack;
    const responseUrl = fake.newResponseUrl();
    const sent = postInteraction(
      bot.url,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId,
        channelId: 'C0INCIDENT',
        messageTs: REQUEST_TS,
        responseUrl,
        blockId: 'tikv:approval',
      }),
    );
    return {
      sent,
      reply: async () => JSON.stringify((await fake.waitForResponse((r) => r.url === responseUrl)).body),
    };
  }

  const pdPosts = () => sim?.requests.filter((r) => r.method === 'POST') ?? [];

  it('runs an approval requested through process A and approved through process B exactly once', async () => {
    const [a, b] = await Promise.all([startBot('A'), startBot('B')]);
    const approvalId = await requestApproval(a);
    const click = approve(b, approvalId, 'U0LEAD');
    expect((await click.sent).status).toBe(200);
    expect(await click.reply()).toContain('Approved by <@U0LEAD>');
    expect(pdPosts().map((r) => r.body)).toEqual([DRAIN_BODY]);
  });

  it('sends PD one call when approve clicks reach A and B at the same moment', async () => {
    // A third replica takes the request, so neither A nor B has the policy's groups cached: each
    // click then reads the approval (pending) and waits on Slack's group lookup before its
    // compare-and-set. Holding those lookups until both replicas are inside one makes the two
    // claims really race, instead of the second click merely reading "approved".
    const tokenA = 'xoxb-1111-2222-replica-a';
    const tokenB = 'xoxb-1111-2222-replica-b';
    const [a, b, c] = await Promise.all([startBot('A', tokenA), startBot('B', tokenB), startBot('C')]);
    if (!slack) throw new Error('no slack');
    const fake = slack;
    const approvalId = await requestApproval(c);
    const since = fake.calls.length;
    const hold = fake.holdAnswers('usergroups.users.list');
    const clicks = [approve(a, approvalId, 'U0LEAD'), approve(b, approvalId, 'U0LEAD2')];
    const lookupBy = (token: string) =>
      fake.waitForCall(
        'usergroups.users.list',
        (call) => call.token === token && fake.calls.indexOf(call) >= since,
        30_000,
      );
    await Promise.all([lookupBy(tokenA), lookupBy(tokenB)]);
    hold.release();
    const acks = await Promise.all(clicks.map((click) => click.sent));
    expect(acks.map((r) => r.status)).toEqual([200, 200]);
    // Both replies arrive only after the winner has PD's answer, so no second POST can still be on its way.
    const replies = await Promise.all(clicks.map((click) => click.reply()));
    expect(replies.filter((r) => r.includes('Approved by'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('already approved by'))).toHaveLength(1);
    expect(pdPosts().map((r) => r.body)).toEqual([DRAIN_BODY]);
  });

  it('A SIGKILLed while PD holds the approved call: the approval stays claimed, B refuses a later click, PD saw one POST', async () => {
    const [a, b] = await Promise.all([startBot('A'), startBot('B')]);
    if (!sim) throw new Error('no sim');
    const approvalId = await requestApproval(a);
    // PD receives A's call and never answers it: A dies between sending it and recording the outcome.
    // Only that one call hangs, so a wrongful second run would be answered and show up below.
    sim.faults.add({ method: 'POST', path: '/pd/api/v1/schedulers', action: 'hang', times: 1 });
    const click = approve(a, approvalId, 'U0LEAD');
    // The ack may or may not beat the kill; either is fine, the claim is what matters.
    click.sent.catch(() => undefined);
    await sim.waitForRequest((r) => r.method === 'POST', 30_000);
    a.child.kill('SIGKILL');
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Not retried on purpose: PD may already have created the scheduler, and a non-idempotent write
    // sent twice is worse than one whose outcome a human checks. The claim (state `approved`) stays
    // in Redis, so no replica can turn a later click into a second PD call.
    const late = approve(b, approvalId, 'U0LEAD2');
    expect((await late.sent).status).toBe(200);
    const reply = await late.reply();
    expect(reply).toContain('this request was already approved by <@U0LEAD>');
    expect(reply).toContain('it is running');
    expect(reply).not.toContain('Approved by <@U0LEAD2>');
    expect(pdPosts().map((r) => r.body)).toEqual([DRAIN_BODY]);
  });
});
