import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FollowUpWorld, startFollowUpWorld } from './follow-up-bots.js';
import { flat } from './slack-e2e-helpers.js';

const OPS = '/pd/api/v1/operators';

describe('following a write to its end, through the real Bolt app', () => {
  let world: FollowUpWorld;
  beforeEach(async () => {
    world = await startFollowUpWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  const posts = (responseUrl: string) => world.slack.responses.filter((r) => r.url === responseUrl);

  it('edits the result in place with the verified end: SUCCESS and where the leader is now', async () => {
    const { url, logs } = await world.startBot('bot-a');
    const { responseUrl } = await world.slash(url, 'transfer-leader 42 4');
    const result = await world.slack.waitForResponse((r) => r.url === responseUrl);
    expect(flat(result.body)).toContain('Following it to the end');
    await logs.waitFor((l) => l.decision === 'follow_up_started');
    world.advance(1_000);
    const end = await world.slack.waitForResponse((r) => r.url === responseUrl && r.use === 2);
    expect(end.body).toMatchObject({ replace_original: true, response_type: 'in_channel' });
    const text = flat(end.body);
    expect(text).toContain('*Done*');
    expect(text).toContain('Verified: region 42: leader on store 4;');
    // The original result is still there above the follow-up; its Cancel button is gone, the operator ended.
    expect(text).toContain('The operator is created.');
    expect(flat(result.body)).toContain('tikv:undo');
    expect(text).not.toContain('tikv:undo');
    expect((await logs.waitFor((l) => l.decision === 'follow_up_ended')).status).toBe('SUCCESS');
  });

  it('reports CANCEL when the operator is cancelled mid-way', async () => {
    const { url, logs } = await world.startBot('bot-a');
    world.sim.cluster.stopHeartbeats(4);
    const { responseUrl } = await world.slash(url, 'transfer-leader 42 4');
    await logs.waitFor((l) => l.decision === 'follow_up_started');
    world.advance(1_000);
    await logs.waitFor((l) => l.decision === 'follow_up_progress');
    await fetch(`${world.sim.url}${OPS}/42`, { method: 'DELETE' });
    world.advance(2_000);
    const end = await world.slack.waitForResponse((r) => r.url === responseUrl && r.use === 2);
    expect(flat(end.body)).toContain('*Did not happen*');
    expect(flat(end.body)).toContain('CANCEL');
  });

  it('a restart mid-follow: the first bot says it stopped, the second resumes from the shared store and finishes on the same message', async () => {
    const a = await world.startBot('bot-a');
    world.sim.cluster.stopHeartbeats(4);
    const { responseUrl } = await world.slash(a.url, 'transfer-leader 42 4');
    await a.logs.waitFor((l) => l.decision === 'follow_up_started');
    world.advance(1_000);
    await a.logs.waitFor((l) => l.decision === 'follow_up_progress');
    await a.bot.stop();
    const stopped = await a.logs.waitFor((l) => l.decision === 'follow_up_stopped');
    expect(stopped.reason).toBe('stop()');
    // The world's shared store stands for Redis: it outlives the bot, so the resume is promised.
    expect(stopped.resumes).toBe(true);
    expect(stopped.msg).toMatch(/; the next bot to start resumes it$/);
    const released = await world.slack.waitForResponse((r) => r.url === responseUrl && r.use === 2);
    expect(flat(released.body)).toContain(
      ':pause_button: *The bot restarted and stopped following*; the next bot to start resumes it',
    );
    expect(flat(released.body)).toContain('/tikv operator 42');
    const [saved] = await world.store.listActive();
    expect(saved?.owner).toBeUndefined();

    const b = await world.startBot('bot-b');
    await b.logs.waitFor((l) => l.decision === 'follow_up_resumed');
    expect((await world.store.get(saved?.id ?? ''))?.owner).toBe('bot-b');
    world.sim.cluster.resumeHeartbeats(4);
    world.advance(1_000);
    const ended = await b.logs.waitFor((l) => l.decision === 'follow_up_ended');
    expect(ended.status).toBe('SUCCESS');
    const end = await world.slack.waitForResponse((r) => r.url === responseUrl && r.use === 3);
    expect(flat(end.body)).toContain('Verified: region 42: leader on store 4;');
    // Nothing polled PD for the follow-up while no bot owned it.
    expect(a.logs.find((l) => l.decision === 'follow_up_ended')).toEqual([]);
  });

  it('a drain longer than the response_url lives: a new message names the original, is edited, and the end threads under it', async () => {
    const { bot, url, logs } = await world.startBot('bot-a');
    const step = async (ms: number) => {
      world.advance(ms);
      await bot.followUps.idle();
    };
    for (const id of [1, 2, 3, 5, 6]) world.sim.cluster.stopHeartbeats(id, 60_000);
    const { responseUrl } = await world.slash(url, 'drain-store 4');
    await logs.waitFor((l) => l.decision === 'follow_up_started');
    for (let t = 0; t < 32 * 60_000; t += 10_000) await step(10_000);
    const continued = await logs.waitFor((l) => l.decision === 'follow_up_continued');
    expect(continued.ts).toEqual(expect.any(String));
    const post = world.slack.callsTo('chat.postMessage')[0];
    expect(flat(post?.args)).toContain('Follow-up of drain-store store_id=4');
    expect(flat(post?.args)).toContain('Stalled');
    // Progress spent at most uses 2–4 of the response_url; none is ever refused.
    expect(posts(responseUrl).length).toBeLessThanOrEqual(4);
    for (const id of [1, 2, 3, 5, 6]) world.sim.cluster.resumeHeartbeats(id);
    for (let i = 0; i < 20 && logs.find((l) => l.decision === 'follow_up_ended').length === 0; i++)
      await step(10_000);
    expect((await logs.waitFor((l) => l.decision === 'follow_up_ended')).status).toBe('leader_count 0');
    world.advance(5_000);
    const reply = await world.slack.waitForCall('chat.postMessage', (c) => c.args.thread_ts === continued.ts);
    expect(flat(reply.args)).toContain('*Done*');
    const updates = world.slack.callsTo('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((u) => u.args.ts === continued.ts)).toBe(true);
    for (let i = 1; i < updates.length; i++) {
      expect((updates[i]?.at ?? 0) - (updates[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(5_000);
    }
  });
});

describe('shutting down while a follow-up waits on PD', () => {
  it('does not wait for the poll: PD hangs for a minute, the bot stops at once and says so on the message', async () => {
    // The bot's default store: memory, which dies with the process, so nothing may promise a resume.
    const world = await startFollowUpWorld({ pdTimeoutMs: 60_000, durable: false });
    try {
      const { bot, url, logs } = await world.startBot('bot-a');
      const started = await logs.waitFor((l) => l.decision === 'started');
      expect(started.followUpsResumeAfterRestart).toBe(false);
      expect(started.msg).toContain(
        'follow-ups are kept in memory: a restart stops them (they are not resumed)',
      );
      world.sim.faults.set(`GET ${OPS}/42=hang`);
      const { responseUrl } = await world.slash(url, 'transfer-leader 42 4');
      await logs.waitFor((l) => l.decision === 'follow_up_started');
      world.advance(1_000);
      await world.sim.waitForRequest((r) => r.path === `${OPS}/42`);
      // The poll hangs for 60 s; the test's own timeout (20 s) fails it if the drain waits for it.
      await bot.stop();
      const stopped = await logs.waitFor((l) => l.decision === 'follow_up_stopped');
      expect(stopped.reason).toBe('stop()');
      expect(stopped.resumes).toBe(false);
      expect(stopped.msg).toMatch(
        /: stop\(\); nothing resumes it \(the follow-up store is in memory\); check with: operator 42$/,
      );
      expect(logs.find((l) => l.decision === 'stopped')).toHaveLength(1);
      const released = await world.slack.waitForResponse((r) => r.url === responseUrl && r.use === 2);
      const text = flat(released.body);
      expect(text).toContain(
        ':pause_button: *The bot is restarting and has stopped following this*; check with `/tikv operator 42`',
      );
      expect(text).not.toContain('resumes');
    } finally {
      world.sim.faults.set([]);
      await world.close();
    }
  });
});
