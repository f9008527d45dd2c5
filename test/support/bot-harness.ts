import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, type PdSimOptions, startPdSim } from '@tikv-chatops/pd-sim';
import type { ClusterConfig } from '../../src/clusters/cluster-config.js';
import type { BotConfig } from '../../src/config/read-env-options.js';
import type { Clock } from '../../src/core/engine/engine.js';
import type { StartTimer } from '../../src/lifecycle/drain-and-stop.js';
import { type BotIo, type RunningBot, startBot } from '../../src/start-bot.js';
import { type FakeSlack, startFakeSlack } from './fake-slack/index.js';
import { LogCapture } from './log-capture.js';

export const BOT_TOKEN = 'xoxb-1111-2222-harnesssecrettoken';
export const APP_TOKEN = 'xapp-1-A1-3333-harnessapptoken';
export const SIGNING_SECRET = 'harness-signing-secret-8f2a';

export interface Harness {
  readonly sim: PdSim;
  readonly slack: FakeSlack;
  readonly bot: RunningBot;
  readonly logs: LogCapture;
  /** `http://127.0.0.1:PORT` in HTTP mode. */
  readonly botUrl: string;
  /** The POLICY_FILE the bot reads (rewrite it, then bot.reloadPolicy()). */
  readonly policyFile: string;
  /** Requests PD received that change something. */
  pdWrites(): PdSim['requests'];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly mode: 'http' | 'socket';
  readonly sim?: PdSimOptions;
  /** Point the bot at another PD (e.g. a closed port) instead of the simulator. */
  readonly pdEndpoint?: string;
  readonly pdTimeoutMs?: number;
  readonly pdConnectTimeoutMs?: number;
  /** Policy YAML; the default grants U0ONCALL every action with no approval; null: no POLICY_FILE. */
  readonly policy?: string | null;
  /** Write the audit trail to this file. */
  readonly auditFile?: string;
  readonly clock?: Clock;
  readonly approvalSweepMs?: number;
  /** config.shutdownDeadlineMs (default 25 s). */
  readonly shutdownDeadlineMs?: number;
  /** The shutdown deadline's timer, to fire it by hand. */
  readonly startTimer?: StartTimer;
  /** GROUP_LOOKUP_TIMEOUT_MS (default 3000). */
  readonly groupLookupTimeoutMs?: number;
  /**
   * The clusters the bot acts on (e.g. from a clusters file) instead of one `default` on the
   * harness's simulator, whose start-up probe is then not checked.
   */
  readonly clusters?: readonly ClusterConfig[];
  /** What App Home lists as operators the bot started (BotIo.followUps). */
  readonly followUps?: BotIo['followUps'];
  /** BotIo.homeWaitMs. */
  readonly homeWaitMs?: number;
  /** Socket Mode: serve /healthz, /readyz and /metrics on 127.0.0.1, port 0 (bot.healthPort). */
  readonly health?: boolean;
  /** Any other BotIo (redis, pdReprobeMs, …). */
  readonly io?: Partial<BotIo>;
  /** The bot logs here (to wait on its lines before start-up finishes). */
  readonly logs?: LogCapture;
  /** Runs on the Slack fake before the bot starts (e.g. holding apps.connections.open). */
  readonly beforeStart?: (slack: FakeSlack) => void;
  /** A POLICY_FILE the test laid out itself (e.g. a ConfigMap mount); `policy` is then not written. */
  readonly policyFile?: string;
  /** BotIo.policyWatch. */
  readonly policyWatch?: BotIo['policyWatch'];
  /** REDIS_URL: the shared store (test/support/redis-server.ts starts one). */
  readonly redisUrl?: string;
  /** Another harness's simulator and Slack fake, for a second replica of one deployment (not closed by this one). */
  readonly shareWith?: Pick<Harness, 'sim' | 'slack'>;
  /** BotIo.instanceId. */
  readonly instanceId?: string;
}

export const GRANT_ONCALL_POLICY = `version: 1
description: test policy granting U0ONCALL everything
rules:
  - name: oncall
    users: [U0ONCALL]
    risk: [low, medium, high]
`;

/** The real bot, wired by its real composition root, against the PD simulator and the Slack fake. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const shared = options.shareWith;
  const sim = shared?.sim ?? (await startPdSim({ timing: 'manual', ...options.sim }));
  // One clock for bot and Slack, so response_url expiry is judged on the time the bot lives in.
  const clock = options.clock;
  const slack = shared?.slack ?? (await startFakeSlack(clock ? { now: () => clock.now().getTime() } : {}));
  const logs = options.logs ?? new LogCapture();
  options.beforeStart?.(slack);
  const dir = await mkdtemp(join(tmpdir(), 'tikv-chatops-test-'));
  const policyFile = options.policyFile ?? join(dir, 'policy.yaml');
  if (options.policy !== null && options.policyFile === undefined) {
    await writeFile(policyFile, options.policy ?? GRANT_ONCALL_POLICY);
  }
  const config: BotConfig = {
    slack: {
      botToken: BOT_TOKEN,
      apiUrl: slack.apiUrl,
      port: 0,
      ...(options.mode === 'socket' ? { appToken: APP_TOKEN } : { signingSecret: SIGNING_SECRET }),
    },
    pdMaxBodyBytes: 1024 * 1024,
    clusters: options.clusters ?? [
      {
        name: 'default',
        production: false,
        defaultForChannels: [],
        pd: {
          endpoints: [options.pdEndpoint ?? sim.url],
          connectTimeoutMs: options.pdConnectTimeoutMs ?? 2000,
          responseTimeoutMs: options.pdTimeoutMs ?? 5000,
        },
      },
    ],
    shutdownDeadlineMs: options.shutdownDeadlineMs ?? 25_000,
    groupLookupTimeoutMs: options.groupLookupTimeoutMs ?? 3000,
    logLevel: 'debug',
    secrets: [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET],
    ...(options.policy !== null && { policyFile }),
    ...(options.auditFile !== undefined && { auditFile: options.auditFile }),
    ...(options.health && { health: { port: 0, host: '127.0.0.1' } }),
    ...(options.redisUrl !== undefined && { redis: { url: options.redisUrl, keyPrefix: 'tikv-chatops:' } }),
  };
  let seq = 0;
  const bot = await startBot(config, {
    logDestination: logs,
    host: '127.0.0.1',
    clientPingTimeoutMs: 1000,
    newCorrelationId: () => `corr${String(++seq).padStart(4, '0')}`,
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.approvalSweepMs !== undefined && { approvalSweepMs: options.approvalSweepMs }),
    ...(options.startTimer !== undefined && { startTimer: options.startTimer }),
    ...(options.followUps !== undefined && { followUps: options.followUps }),
    ...(options.homeWaitMs !== undefined && { homeWaitMs: options.homeWaitMs }),
    ...(options.instanceId !== undefined && { instanceId: options.instanceId }),
    ...options.io,
    ...(options.policyWatch !== undefined && { policyWatch: options.policyWatch }),
  });
  if (options.mode === 'socket') await slack.waitForSocketConnection();
  // The bot reads GET /version once at start; tests count what commands send, from zero.
  const probe = sim.requests.map((r) => `${r.method} ${r.path}`);
  if (
    shared === undefined &&
    options.pdEndpoint === undefined &&
    options.clusters === undefined &&
    probe.join() !== 'GET /pd/api/v1/version'
  ) {
    throw new Error(`unexpected PD requests at start: ${probe.join(', ')}`);
  }
  sim.requests.length = 0;
  return {
    sim,
    slack,
    bot,
    logs,
    botUrl: `http://127.0.0.1:${bot.port ?? 0}`,
    policyFile,
    pdWrites: () => sim.requests.filter((r) => r.method !== 'GET'),
    async close() {
      await bot.stop();
      if (shared === undefined) {
        await slack.close();
        await sim.close();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
