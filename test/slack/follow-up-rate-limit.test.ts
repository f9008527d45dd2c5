import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowUp } from '../../src/core/follow-ups/follow-up-store.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { SlackFollowUpNotifier } from '../../src/slack/follow-up-notifier.js';
import { followUpSlackApi } from '../../src/slack/follow-up-slack-api.js';
import { BOT_TOKEN } from '../support/bot-harness.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/index.js';
import { LogCapture } from '../support/log-capture.js';
import { ManualClock } from '../support/manual-clock.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const ENDED: FollowUp = {
  id: 'f1',
  kind: 'operator',
  cluster: 'default',
  subjectId: '42',
  actionName: 'transfer_leader',
  params: { region_id: 42, to_store_id: 4 },
  requesterId: 'U0ONCALL',
  correlationId: 'corr0001',
  startedAt: new Date('2026-08-21T02:00:00Z'),
  deadline: new Date('2026-08-21T03:00:00Z'),
  state: 'succeeded',
  status: 'SUCCESS',
  finishedAt: new Date('2026-08-21T02:15:00Z'),
  updatedAt: new Date('2026-08-21T02:15:00Z'),
  message: { channelId: 'C0INCIDENT', ts: '1755742500.000100', original: { text: 'result', blocks: [] } },
};

describe('a 429 from Slack on a follow-up edit (the follow-ups’ own WebClient against the fake Slack)', () => {
  let clock: ManualClock;
  let slack: FakeSlack;
  let logs: LogCapture;
  let notifier: SlackFollowUpNotifier;
  /** When the notifier called chat.update (clock time): known at once, where the fake sees it a round trip later. */
  let updatesStarted: number[];
  beforeEach(async () => {
    updatesStarted = [];
    clock = new ManualClock();
    slack = await startFakeSlack({ now: () => clock.now().getTime() });
    logs = new LogCapture();
    const logger = createLogger({ level: 'debug', destination: logs });
    const api = followUpSlackApi({ botToken: BOT_TOKEN, apiUrl: slack.apiUrl, logger });
    notifier = new SlackFollowUpNotifier({
      api: {
        ...api,
        update: (target, message) => {
          updatesStarted.push(clock.now().getTime());
          return api.update(target, message);
        },
      },
      postToResponseUrl: async () => {},
      clock,
      timers: clock,
      logger,
    });
  });
  afterEach(async () => {
    await slack.close();
  });

  it('waits out Retry-After on the injected clock, then delivers the end: not dropped, not retried early', async () => {
    slack.failNext('chat.update', { retryAfter: 30 });
    await notifier.notify(ENDED, 'ended');
    // The SDK would sleep 30 real seconds and pause its queue; this client hands the 429 back at once.
    const limited = await logs.waitFor((l) => l.decision === 'follow_up_rate_limited');
    expect(limited.retryAfterMs).toBe(30_000);
    await settle();
    clock.advance(29_000);
    await settle();
    expect(updatesStarted).toHaveLength(1);
    expect(slack.callsTo('chat.update').map((c) => c.status)).toEqual([429]);
    expect(slack.callsTo('chat.postMessage')).toEqual([]);
    clock.advance(3_000);
    const retried = await slack.waitForCall('chat.update', (c) => c.status === 200);
    expect(retried.at - (slack.callsTo('chat.update')[0]?.at ?? 0)).toBeGreaterThanOrEqual(30_000);
    expect(updatesStarted).toHaveLength(2);
    expect(String(retried.args.text)).toContain('SUCCESS');
    const reply = await slack.waitForCall('chat.postMessage');
    expect(reply.args.thread_ts).toBe('1755742500.000100');
    await notifier.flush();
  });

  it('a progress edit refused with 429 holds back every follow-up edit, the other messages’ too, for Retry-After', async () => {
    slack.failNext('chat.update', { retryAfter: 20 });
    const other = { ...ENDED, id: 'f2', message: { ...ENDED.message, ts: '1755742500.000200' } };
    await notifier.notify(
      { ...ENDED, state: 'following', status: 'RUNNING', finishedAt: undefined } as FollowUp,
      'progress',
    );
    clock.advance(1);
    await logs.waitFor((l) => l.decision === 'follow_up_rate_limited');
    await settle();
    await notifier.notify(other, 'ended');
    await settle();
    clock.advance(19_000);
    await settle();
    expect(updatesStarted).toHaveLength(1);
    clock.advance(3_000);
    const end = await slack.waitForCall('chat.update', (c) => c.args.ts === '1755742500.000200');
    expect(end.at - (slack.callsTo('chat.update')[0]?.at ?? 0)).toBeGreaterThanOrEqual(20_000);
    await notifier.flush();
  });
});
