import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../src/core/follow-ups/follow-up-store.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { FollowUpEditBudget } from '../../src/slack/follow-up-edit-budget.js';
import { type FollowUpSlackApi, SlackFollowUpNotifier } from '../../src/slack/follow-up-notifier.js';
import { busiestMinute } from '../support/busiest-minute.js';
import { LogCapture } from '../support/log-capture.js';
import { ManualClock } from '../support/manual-clock.js';

/** Lets every promise chain the timers just woke run to its next wait. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FollowUpEditBudget', () => {
  it('never lets more than the budget through in any 60 s window, however hard it is asked', () => {
    const clock = new ManualClock();
    const budget = new FollowUpEditBudget({ perMinute: 40, clock, timers: clock });
    const taken: number[] = [];
    for (let t = 0; t < 10 * 60_000; t += 100) {
      while (budget.tryTake()) taken.push(clock.now().getTime());
      clock.advance(100);
    }
    expect(busiestMinute(taken)).toBeLessThanOrEqual(40);
    // …and close to it: the budget is spent, not wasted.
    expect(taken.length).toBeGreaterThanOrEqual(10 * 36);
  });

  it('hands tokens to waiting ends in order, before any progress', async () => {
    const clock = new ManualClock();
    const budget = new FollowUpEditBudget({ perMinute: 40, clock, timers: clock });
    while (budget.tryTake()) {}
    const order: number[] = [];
    for (let i = 1; i <= 3; i++) void budget.take().then(() => order.push(i));
    expect(budget.waiting).toBe(3);
    clock.advance(1_700);
    await settle();
    expect(order).toEqual([1]);
    // A token is back, but an end is still waiting: progress does not jump the queue.
    expect(budget.tryTake()).toBe(false);
    clock.advance(2 * 1_700);
    await settle();
    expect(order).toEqual([1, 2, 3]);
  });

  it('after a 429 gives nothing until Retry-After has passed', async () => {
    const clock = new ManualClock();
    const budget = new FollowUpEditBudget({ perMinute: 40, clock, timers: clock });
    budget.backOff(30_000);
    expect(budget.tryTake()).toBe(false);
    let sent = false;
    void budget.take().then(() => {
      sent = true;
    });
    clock.advance(29_999);
    await settle();
    expect(sent).toBe(false);
    clock.advance(1_700);
    await settle();
    expect(sent).toBe(true);
  });
});

interface Update {
  readonly at: number;
  readonly ts: string;
  readonly text: string;
}

const followUp = (i: number, patch: Partial<FollowUp> = {}): FollowUp => ({
  id: `f${i}`,
  kind: 'operator',
  cluster: 'default',
  subjectId: String(1000 + i),
  actionName: 'transfer_leader',
  params: { region_id: 1000 + i, to_store_id: 4 },
  requesterId: 'U0ONCALL',
  correlationId: `corr${i}`,
  startedAt: new Date('2026-08-21T02:15:00Z'),
  deadline: new Date('2026-08-21T03:15:00Z'),
  state: 'following',
  updatedAt: new Date('2026-08-21T02:15:00Z'),
  message: {
    channelId: 'C0INCIDENT',
    ts: `1755742500.${String(i).padStart(6, '0')}`,
    original: { text: 'r', blocks: [] },
  },
  ...patch,
});

describe('SlackFollowUpNotifier under the workspace-wide edit budget', () => {
  it('100 followed writes: at most 40 chat.update a minute, and every one of the 100 ends is shown', async () => {
    const clock = new ManualClock();
    const logs = new LogCapture();
    const updates: Update[] = [];
    const replies: string[] = [];
    const api: FollowUpSlackApi = {
      update: async (target, message) => {
        updates.push({ at: clock.now().getTime(), ts: target.ts, text: message.text });
      },
      post: async (target) => {
        replies.push(target.threadTs ?? '');
        return {};
      },
      postEphemeral: async () => {},
    };
    const notifier = new SlackFollowUpNotifier({
      api,
      postToResponseUrl: async () => {},
      clock,
      timers: clock,
      logger: createLogger({ level: 'debug', destination: logs }),
    });
    const N = 100;
    // Every write reports new progress every second for two minutes: 1,200 edits a minute wanted.
    for (let s = 0; s < 120; s++) {
      for (let i = 0; i < N; i++) {
        await notifier.notify(followUp(i, { status: 'RUNNING', detail: `step ${s}` }), 'progress');
      }
      clock.advance(1_000);
      await settle();
    }
    const progressEdits = updates.length;
    expect(progressEdits).toBeGreaterThan(0);
    expect(
      logs.find((l) => l.decision === 'follow_up_edit_skipped' && l.reason === 'budget').length,
    ).toBeGreaterThan(0);
    for (let i = 0; i < N; i++) {
      void notifier.notify(
        followUp(i, { state: 'succeeded', status: 'SUCCESS', finishedAt: clock.now() }),
        'ended',
      );
    }
    for (let s = 0; s < 10 * 60 && replies.length < N; s++) {
      clock.advance(1_000);
      await settle();
    }
    await notifier.flush();
    expect(busiestMinute(updates.map((u) => u.at))).toBeLessThanOrEqual(40);
    const ends = updates.slice(progressEdits).filter((u) => u.text.endsWith('— SUCCESS'));
    expect(new Set(ends.map((u) => u.ts)).size).toBe(N);
    expect(new Set(replies).size).toBe(N);
    // The ends took about N / 36 a minute once the burst was spent: under three minutes, not never.
    const took = (ends.at(-1)?.at ?? 0) - (ends[0]?.at ?? 0);
    expect(took).toBeLessThan(3 * 60_000);
  });

  it('at shutdown, releases wait 10 s at most for an edit; the rest are said in one message for the channel', async () => {
    const clock = new ManualClock();
    const logs = new LogCapture();
    const updates: string[] = [];
    const posts: { threadTs?: string; text: string; blocks: unknown }[] = [];
    const notifier = new SlackFollowUpNotifier({
      api: {
        update: async (target) => {
          updates.push(target.ts);
        },
        post: async (target, message) => {
          posts.push({ ...(target.threadTs !== undefined && { threadTs: target.threadTs }), ...message });
          return {};
        },
        postEphemeral: async () => {},
      },
      postToResponseUrl: async () => {},
      clock,
      timers: clock,
      logger: createLogger({ level: 'debug', destination: logs }),
    });
    clock.advance(60_000);
    let released = 0;
    const all = Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        notifier.notify(followUp(i, { status: 'RUNNING' }), 'released').then(() => released++),
      ),
    );
    const start = clock.now().getTime();
    while (released < 100 && clock.now().getTime() - start < 60_000) {
      clock.advance(500);
      await settle();
    }
    await all;
    await notifier.flush();
    // Within the shutdown deadline (25 s), and within the budget: 4 at once, then one per 1.67 s.
    expect(clock.now().getTime() - start).toBeLessThanOrEqual(10_500);
    expect(updates.length).toBeGreaterThanOrEqual(8);
    expect(updates.length).toBeLessThanOrEqual(11);
    const replies = posts.filter((p) => p.threadTs !== undefined);
    expect(replies).toHaveLength(updates.length);
    const summaries = posts.filter((p) => p.threadTs === undefined);
    expect(summaries).toHaveLength(1);
    const unsent = 100 - updates.length;
    expect(summaries[0]?.text).toBe(
      `The bot is restarting and has stopped following ${unsent} write(s) here; check them by hand`,
    );
    const listed = JSON.stringify(summaries[0]?.blocks);
    // Listed in the order they gave up, each with how to check it by hand.
    expect(listed).toContain(`\`/tikv operator ${1000 + updates.length}\``);
    expect(listed).toContain(`…and ${unsent - 10} more`);
    expect(logs.find((l) => l.decision === 'follow_up_release_deferred')).toHaveLength(unsent);
    expect(logs.find((l) => l.decision === 'follow_up_release_summary')).toMatchObject([{ count: unsent }]);
  });

  it('100 response_urls expiring together: the new messages go out within the same budget', async () => {
    const clock = new ManualClock();
    const posts: number[] = [];
    const notifier = new SlackFollowUpNotifier({
      api: {
        update: async () => {},
        post: async () => {
          posts.push(clock.now().getTime());
          return { ts: `1755742600.${String(posts.length).padStart(6, '0')}` };
        },
        postEphemeral: async () => {},
      },
      postToResponseUrl: async () => {},
      clock,
      timers: clock,
      logger: createLogger({ level: 'silent' }),
    });
    const expired = (i: number, s: number) =>
      followUp(i, {
        status: 'RUNNING',
        detail: `step ${s}`,
        message: { channelId: 'C0INCIDENT', responseUrl: `https://hooks/${i}`, responseUrlUses: 5 },
      });
    const continued = new Set<number>();
    for (let s = 0; s < 240 && continued.size < 100; s++) {
      for (let i = 0; i < 100; i++) {
        if (continued.has(i)) continue;
        const ref = await notifier.notify(expired(i, s), 'progress');
        if (ref?.ts !== undefined) continued.add(i);
      }
      clock.advance(1_000);
      await settle();
    }
    expect(continued.size).toBe(100);
    expect(busiestMinute(posts)).toBeLessThanOrEqual(40);
  });
});
