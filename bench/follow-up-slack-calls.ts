/**
 * Slack calls from following many writes at once: npx tsx bench/follow-up-slack-calls.ts [writes]
 * The real SlackFollowUpNotifier (and, for the first scenario, the real FollowUpService polling the PD
 * simulator) on one hand-driven clock; its Web API calls are recorded with their clock time. Each
 * scenario runs with the workspace-wide edit budget (FOLLOW_EDITS_PER_MINUTE=40, the default) and
 * without one (a budget of a million a minute: only the per-message 5 s spacing, as before).
 * Reported: chat.update calls in the busiest 60 s window, their average per minute, thread replies,
 * and how long after the first end the last end was on its message.
 */
import { startPdSim } from '@tikv-chatops/pd-sim';
import { DEFAULT_FOLLOW_UP_SETTINGS } from '../src/core/follow-ups/follow-up-ports.js';
import { FollowUpService } from '../src/core/follow-ups/follow-up-service.js';
import type { FollowUp } from '../src/core/follow-ups/follow-up-store.js';
import { InMemoryFollowUpStore } from '../src/follow-ups/in-memory-follow-up-store.js';
import { pdFollowUpReader } from '../src/follow-ups/pd-follow-up-reader.js';
import { createLogger } from '../src/logging/create-logger.js';
import { PdClient } from '../src/pd/pd-client.js';
import { type FollowUpSlackApi, SlackFollowUpNotifier } from '../src/slack/follow-up-notifier.js';
import { TIKV_ACTIONS } from '../src/subjects/tikv/tikv-actions.js';
import { busiestMinute } from '../test/support/busiest-minute.js';
import { ManualClock } from '../test/support/manual-clock.js';

const count = Number(process.argv[2] ?? 100);
const TARGET = 4;
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder(clock: ManualClock) {
  const updates: { at: number; ended: boolean }[] = [];
  const replies: number[] = [];
  const api: FollowUpSlackApi = {
    update: async (_target, message) => {
      updates.push({ at: clock.now().getTime(), ended: !message.text.endsWith('RUNNING') });
    },
    post: async () => {
      replies.push(clock.now().getTime());
      return {};
    },
    postEphemeral: async () => {},
  };
  return { api, updates, replies };
}

function report(
  name: string,
  perMinute: number,
  r: ReturnType<typeof recorder>,
  spanMs: number,
  firstEndAt: number,
) {
  const minutes = Math.max(1, spanMs / 60_000);
  const lastReply = Math.max(...r.replies);
  console.log(
    `${name} | budget ${perMinute}/min | chat.update ${r.updates.length} over ${(spanMs / 60_000).toFixed(1)} min: ` +
      `busiest minute ${busiestMinute(r.updates.map((u) => u.at))}, average ${(r.updates.length / minutes).toFixed(0)}/min | ` +
      `thread replies ${r.replies.length}, busiest minute ${busiestMinute(r.replies)} | ` +
      `last end shown ${((lastReply - firstEndAt) / 1000).toFixed(0)} s after the first end`,
  );
}

const message = (i: number) => ({
  channelId: 'C0INCIDENT',
  ts: `1755742500.${String(i).padStart(6, '0')}`,
  original: { text: 'transfer-leader: PD accepted it', blocks: [] },
});

/** N transfer-leaders to a store that stopped heartbeating: RUNNING until PD's own TIMEOUT (1 min). */
async function operatorsToTimeout(perMinute: number) {
  const sim = await startPdSim({ timing: 'manual', regions: 100_000, stores: 6 });
  const pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 10_000 });
  const clock = new ManualClock();
  const store = new InMemoryFollowUpStore({ clock });
  const rec = recorder(clock);
  const logger = createLogger({ level: 'silent' });
  const notifier = new SlackFollowUpNotifier({
    api: rec.api,
    postToResponseUrl: async () => {},
    clock,
    timers: clock,
    logger,
    editsPerMinute: perMinute,
  });
  const service = new FollowUpService({
    store,
    clock,
    timers: clock,
    read: pdFollowUpReader(new Map([['default', pd]])),
    notifier,
    logger,
    actions: () => TIKV_ACTIONS,
    settings: DEFAULT_FOLLOW_UP_SETTINGS,
    owner: 'bench',
  });
  const transferLeader = TIKV_ACTIONS.find((a) => a.name === 'transfer_leader');
  if (transferLeader === undefined) throw new Error('no transfer_leader');
  const regions: number[] = [];
  for (let i = 0; regions.length < count && i < 100_000; i++) {
    const region = sim.cluster.region(sim.cluster.regionIdAt(i));
    if (region === undefined || region.leaderStoreId === TARGET) continue;
    if (region.peers.some((p) => p.storeId === TARGET && p.role === 0)) regions.push(region.id);
  }
  sim.cluster.stopHeartbeats(TARGET);
  for (const [i, region] of regions.entries()) {
    await pd.send({
      method: 'POST',
      path: '/pd/api/v1/operators',
      body: { name: 'transfer-leader', region_id: region, to_store_id: TARGET },
    });
    await service.start({
      action: transferLeader,
      params: { region_id: region, to_store_id: TARGET },
      cluster: 'default',
      requesterId: 'U0BENCH',
      correlationId: `op-${i}`,
      message: message(i),
    });
  }
  const start = clock.now().getTime();
  let firstEndAt = Number.POSITIVE_INFINITY;
  for (let t = 0; t < 30 * 60_000 && rec.replies.length < regions.length; t += 250) {
    sim.advance(250);
    clock.advance(250);
    await service.idle();
    await settle();
    if ((await store.listActive()).length < regions.length)
      firstEndAt = Math.min(firstEndAt, clock.now().getTime());
  }
  await notifier.flush();
  report(
    `${regions.length} transfer-leaders to TIMEOUT`,
    perMinute,
    rec,
    clock.now().getTime() - start,
    firstEndAt,
  );
  await service.shutdown('bench over');
  await pd.close();
  await sim.close();
}

/** The worst case: every followed message has new progress every second for 5 minutes, then all end. */
async function progressEverySecond(perMinute: number) {
  const clock = new ManualClock();
  const rec = recorder(clock);
  const notifier = new SlackFollowUpNotifier({
    api: rec.api,
    postToResponseUrl: async () => {},
    clock,
    timers: clock,
    logger: createLogger({ level: 'silent' }),
    editsPerMinute: perMinute,
  });
  const base = (i: number): FollowUp => ({
    id: `f${i}`,
    kind: 'drain',
    cluster: 'default',
    subjectId: String(i),
    actionName: 'drain_store',
    params: { store_id: i },
    requesterId: 'U0BENCH',
    correlationId: `d-${i}`,
    startedAt: clock.now(),
    deadline: new Date(clock.now().getTime() + 6 * 3_600_000),
    state: 'following',
    updatedAt: clock.now(),
    message: message(i),
  });
  const start = clock.now().getTime();
  for (let s = 0; s < 300; s++) {
    for (let i = 0; i < count; i++) {
      await notifier.notify(
        { ...base(i), status: 'RUNNING', detail: `${1000 - s} leaders left` },
        'progress',
      );
    }
    clock.advance(1_000);
    await settle();
  }
  const firstEndAt = clock.now().getTime();
  for (let i = 0; i < count; i++) {
    void notifier.notify(
      { ...base(i), state: 'succeeded', status: 'leader_count 0', finishedAt: clock.now() },
      'ended',
    );
  }
  for (let s = 0; s < 30 * 60 && rec.replies.length < count; s++) {
    clock.advance(1_000);
    await settle();
  }
  await notifier.flush();
  report(`${count} drains, progress every second`, perMinute, rec, clock.now().getTime() - start, firstEndAt);
}

// 1,000,000 a minute: no workspace budget, only the per-message 5 s spacing (the bot before it).
for (const perMinute of [40, 1_000_000]) {
  const wall = performance.now();
  await operatorsToTimeout(perMinute);
  await progressEverySecond(perMinute);
  console.log(`  (${Math.round(performance.now() - wall)} ms wall)`);
}
