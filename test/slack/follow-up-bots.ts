import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import type { BotConfig } from '../../src/config/read-env-options.js';
import type { FollowUpStore } from '../../src/core/follow-ups/follow-up-store.js';
import { InMemoryFollowUpStore } from '../../src/follow-ups/in-memory-follow-up-store.js';
import { type RunningBot, startBot } from '../../src/start-bot.js';
import { BOT_TOKEN, GRANT_ONCALL_POLICY, SIGNING_SECRET } from '../support/bot-harness.js';
import {
  type FakeSlack,
  postSlashCommand,
  slashCommandFields,
  startFakeSlack,
} from '../support/fake-slack/index.js';
import { LogCapture } from '../support/log-capture.js';
import { ManualClock } from '../support/manual-clock.js';

/**
 * One PD simulator, one Slack fake, one follow-up store and one hand-driven clock, shared by as many
 * real bots (startBot, HTTP mode) as a test starts: a restart is a second bot on the same store, as
 * two replicas will share Redis.
 */
export interface FollowUpWorld {
  readonly sim: PdSim;
  readonly slack: FakeSlack;
  readonly clock: ManualClock;
  readonly store: FollowUpStore;
  startBot(instanceId: string): Promise<{ bot: RunningBot; logs: LogCapture; url: string }>;
  /** PD's time and the bots' together. */
  advance(ms: number): void;
  slash(botUrl: string, text: string): Promise<{ responseUrl: string }>;
  close(): Promise<void>;
}

export async function startFollowUpWorld(
  options: { pdTimeoutMs?: number; durable?: boolean } = {},
): Promise<FollowUpWorld> {
  const sim = await startPdSim({ timing: 'manual' });
  const clock = new ManualClock();
  const slack = await startFakeSlack({ now: () => clock.now().getTime() });
  // Shared by the world's bots, so by default it stands for Redis (durable); `durable: false` is the
  // bot's own default, memory that dies with the process.
  const store = new InMemoryFollowUpStore({ clock, durable: options.durable ?? true });
  const dir = await mkdtemp(join(tmpdir(), 'tikv-chatops-follow-'));
  const policyFile = join(dir, 'policy.yaml');
  await writeFile(policyFile, GRANT_ONCALL_POLICY);
  const bots: RunningBot[] = [];
  let seq = 0;
  return {
    sim,
    slack,
    clock,
    store,
    async startBot(instanceId) {
      const logs = new LogCapture();
      const config: BotConfig = {
        slack: { botToken: BOT_TOKEN, apiUrl: slack.apiUrl, port: 0, signingSecret: SIGNING_SECRET },
        pdMaxBodyBytes: 1024 * 1024,
        clusters: [
          {
            name: 'default',
            production: false,
            defaultForChannels: [],
            pd: {
              endpoints: [sim.url],
              connectTimeoutMs: 2000,
              responseTimeoutMs: options.pdTimeoutMs ?? 5000,
            },
          },
        ],
        shutdownDeadlineMs: 25_000,
        groupLookupTimeoutMs: 3000,
        logLevel: 'debug',
        secrets: [BOT_TOKEN, SIGNING_SECRET],
        policyFile,
      };
      const bot = await startBot(config, {
        logDestination: logs,
        host: '127.0.0.1',
        clock,
        followUpTimers: clock,
        followUpStore: store,
        instanceId,
        newCorrelationId: () => `${instanceId}-corr${String(++seq).padStart(3, '0')}`,
      });
      bots.push(bot);
      return { bot, logs, url: `http://127.0.0.1:${bot.port ?? 0}` };
    },
    advance(ms) {
      sim.advance(ms);
      clock.advance(ms);
    },
    async slash(botUrl, text) {
      const responseUrl = slack.newResponseUrl();
      const fields = slashCommandFields({ text, responseUrl, userId: 'U0ONCALL', channelId: 'C0INCIDENT' });
      await postSlashCommand(botUrl, SIGNING_SECRET, fields, {});
      return { responseUrl };
    },
    async close() {
      for (const bot of bots) await bot.stop();
      await slack.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
