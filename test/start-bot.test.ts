import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicyFileError } from '../src/policy/policy-file-error.js';
import { startBot } from '../src/start-bot.js';
import { flat, slash } from './slack/slack-e2e-helpers.js';
import { BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness } from './support/bot-harness.js';
import { startFakeSlack } from './support/fake-slack/index.js';
import { LogCapture } from './support/log-capture.js';

describe('startBot', () => {
  let dir: string | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start with an invalid policy, naming file, line and field', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tikv-policy-'));
    const policyFile = join(dir, 'policy.yaml');
    await writeFile(
      policyFile,
      'version: 1\nrules:\n  - name: x\n    users: [U0ONCALL]\n    actions: [split_region]\n',
    );
    const failure = await startBot(
      {
        slack: { botToken: 'xoxb-1', signingSecret: 's', port: 0, apiUrl: 'http://127.0.0.1:9/api/' },
        pdMaxBodyBytes: 1024 * 1024,
        clusters: [
          {
            name: 'default',
            production: false,
            defaultForChannels: [],
            pd: { endpoints: ['http://127.0.0.1:9'], connectTimeoutMs: 100, responseTimeoutMs: 100 },
          },
        ],
        shutdownDeadlineMs: 25_000,
        groupLookupTimeoutMs: 3000,
        logLevel: 'silent',
        secrets: [],
        policyFile,
      },
      { logDestination: new LogCapture() },
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PolicyFileError);
    expect((failure as Error).message).toContain(`${policyFile}:5:`);
    expect((failure as Error).message).toContain('rules[0].actions[0]: unknown action "split_region"');
  });

  it('denies every mutating action when no POLICY_FILE is set, and says what to add', async () => {
    h = await startHarness({ mode: 'http', policy: null });
    const reply = await (await slash(h, 'transfer-leader 42 4')).result();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(reply.body)).toContain('no rule grants transfer_leader');
    expect(h.pdWrites()).toEqual([]);
    expect(h.logs.find((l) => l.msg === 'no POLICY_FILE: every mutating action will be denied')).toHaveLength(
      1,
    );
  });

  it('on stop, flushes the log destination after its last line, so buffered lines are not lost at exit', async () => {
    /** A destination that buffers, like pino's default stdout: what flush() was asked to push out. */
    class BufferingDestination extends LogCapture {
      readonly flushedAt: number[] = [];
      flush(done: (error?: Error) => void): void {
        this.flushedAt.push(this.lines.length);
        done();
      }
    }
    const sim = await startPdSim();
    const slack = await startFakeSlack();
    const logs = new BufferingDestination();
    try {
      const bot = await startBot(
        {
          slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: slack.apiUrl },
          pdMaxBodyBytes: 1024 * 1024,
          clusters: [
            {
              name: 'default',
              production: false,
              defaultForChannels: [],
              pd: { endpoints: [sim.url], connectTimeoutMs: 1000, responseTimeoutMs: 1000 },
            },
          ],
          shutdownDeadlineMs: 7000,
          groupLookupTimeoutMs: 3000,
          logLevel: 'info',
          secrets: [],
        },
        { logDestination: logs, host: '127.0.0.1' },
      );
      expect(await bot.shutdown('SIGTERM')).toEqual({ code: 0, unfinished: [], failedSteps: [] });
      expect(logs.lines.at(-1)).toMatchObject({ decision: 'stopped', reason: 'SIGTERM' });
      expect(logs.flushedAt).toEqual([logs.lines.length]);
    } finally {
      await slack.close();
      await sim.close();
    }
  });
});
