import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { POLICY, REQUEST_TS } from '../slack/safety-harness.js';
import { SIGNING_SECRET } from '../support/bot-harness.js';
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

interface TokenedBot extends BotProcess {
  readonly token: string;
}

const TOKEN_A = 'xoxb-1111-2222-replica-a';
const TOKEN_B = 'xoxb-1111-2222-replica-b';
/** Short, so B takes over within seconds of A's death instead of the default 30. */
const LEASE_SECONDS = '2';
// 3000 regions put about a thousand leaders on store 3 and the simulator's evict-leader scheduler
// moves ~60 a second, so the drain lasts some 15 s: A dies, and B takes over, while it is under way.
const REGIONS = 3000;

/**
 * Two real bot processes (`node src/main.ts`, HTTP mode) sharing one redis-server: a follow-up
 * started on A, whose process is then SIGKILLed, is taken over and finished by B.
 */
describe('a follow-up across two bot processes sharing one Redis', { timeout: 120_000 }, () => {
  let redis: TestRedisServer | undefined;
  let sim: PdSim | undefined;
  let slack: FakeSlack | undefined;
  let dir: string | undefined;
  let policyFile = '';
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    redis = await startRedisServer();
    sim = await startPdSim({ regions: REGIONS });
    slack = await startFakeSlack();
    slack.setUsergroup('S0SRE', []);
    slack.setUsergroup('S0LEADS', []);
    dir = await mkdtemp(join(tmpdir(), 'tikv-follow-procs-'));
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
  async function startBot(name: string, token: string): Promise<TokenedBot> {
    if (!sim || !slack || !redis) throw new Error('fixtures not started');
    const bot = await spawnBotProcess(
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
        GROUP_LOOKUP_TIMEOUT_MS: '15000',
        REDIS_URL: redis.url,
        FOLLOW_LEASE_SECONDS: LEASE_SECONDS,
        // Polls stay a second apart or so, so the end is seen soon after it happens.
        FOLLOW_POLL_MAX_SECONDS: '1',
        LOG_LEVEL: 'info',
      },
      children,
    );
    return { ...bot, token };
  }

  /** `/tikv drain-store 3` (high risk) through `bot`, approved there by U0LEAD: PD's answer starts a follow-up. */
  async function drainThrough(bot: TokenedBot): Promise<void> {
    if (!slack) throw new Error('no slack');
    const fake = slack;
    const requestUrl = fake.newResponseUrl();
    const ack = await postSlashCommand(
      bot.url,
      SIGNING_SECRET,
      slashCommandFields({
        text: 'drain-store 3',
        responseUrl: requestUrl,
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    expect(ack.status).toBe(200);
    const message = (await fake.waitForResponse((r) => r.url === requestUrl, 30_000)).body as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const approvalId = message.blocks
      .find((b) => b.type === 'actions')
      ?.elements?.find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (approvalId === undefined) throw new Error(`no approval buttons in ${JSON.stringify(message)}`);
    const clickUrl = fake.newResponseUrl();
    const click = await postInteraction(
      bot.url,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId: 'U0LEAD',
        channelId: 'C0INCIDENT',
        messageTs: REQUEST_TS,
        responseUrl: clickUrl,
        blockId: 'tikv:approval',
      }),
    );
    expect(click.status).toBe(200);
  }

  it('a drain followed by A, SIGKILLed mid-drain, is taken over and finished by B', async () => {
    const [a, b] = await Promise.all([startBot('A', TOKEN_A), startBot('B', TOKEN_B)]);
    if (!sim || !slack) throw new Error('fixtures not started');
    const fake = slack;
    await drainThrough(a);
    const started = await a.waitForLog((l) => l.decision === 'follow_up_started');
    const followUpId = started.followUpId;
    expect(followUpId).toEqual(expect.any(String));
    a.child.kill('SIGKILL');
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const killedAt = Date.now();

    const takenOver = await b.waitForLog(
      (l) => l.decision === 'follow_up_taken_over' && l.followUpId === followUpId,
    );
    // A's last claim ran FOLLOW_LEASE_SECONDS past its last renewal (with the default it would be 30 s).
    expect(Date.parse(String(takenOver.leaseUntil))).toBeLessThanOrEqual(killedAt + 2_000);
    // A died over a second before its lease lapsed, so any call it sent has long been recorded.
    const slackSince = fake.calls.length;
    const resumed = await b.waitForLog(
      (l) => l.decision === 'follow_up_resumed' && l.followUpId === followUpId,
    );
    expect(resumed).toMatchObject({ takenFrom: takenOver.from, state: 'following' });
    const ended = await b.waitForLog((l) => l.decision === 'follow_up_ended' && l.followUpId === followUpId);
    expect(ended).toMatchObject({ state: 'succeeded', status: 'leader_count 0' });
    // The end reaches the channel through B: the message A reported the drain on is edited to say so.
    const end = await fake.waitForCall(
      'chat.update',
      (call) => call.token === TOKEN_B && String(call.args.text).includes('leader_count 0'),
      60_000,
    );
    expect(end.args).toMatchObject({ channel: 'C0INCIDENT', ts: REQUEST_TS });
    expect(JSON.stringify(end.args.blocks)).toContain('Store 3 has no leaders left');
    // From the take-over on, B alone carried the follow-up to Slack.
    expect(fake.calls.slice(slackSince).map((call) => call.token)).toEqual(
      fake.calls.slice(slackSince).map(() => TOKEN_B),
    );
  });
});
