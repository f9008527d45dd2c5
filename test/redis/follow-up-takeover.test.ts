import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { RedisFollowUpStore } from '../../src/redis/redis-follow-up-store.js';
import { type FollowUpRig, pdWrite, startFollowUpRig } from '../core/follow-ups/follow-up-sim.js';
import { LogCapture } from '../support/log-capture.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

const LEASE_MS = 6_000;

describe('follow-ups over Redis: a replica that dies is taken over once its lease lapses', () => {
  let server: TestRedisServer;
  let connection: RedisConnection;
  let rig: FollowUpRig;
  beforeAll(async () => {
    server = await startRedisServer();
    connection = await RedisConnection.open({
      url: server.url,
      keyPrefix: 't:',
      logger: pino(new LogCapture()),
    });
  });
  afterAll(async () => {
    await connection.close();
    await server.stop();
  });
  afterEach(async () => {
    await rig.close();
    await connection.client.flushdb();
  });

  /** A transfer-leader that stays RUNNING while store 4 sends no heartbeats. */
  async function operatorOnBot1() {
    rig = await startFollowUpRig(
      {},
      { store: (clock) => new RedisFollowUpStore(connection, { clock }), leaseMs: LEASE_MS },
    );
    rig.sim.cluster.stopHeartbeats(4);
    await pdWrite(rig, '/pd/api/v1/operators', { name: 'transfer-leader', region_id: 42, to_store_id: 4 });
    const f = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    await rig.service.resume();
    expect(f).toMatchObject({ owner: 'bot-1', leaseUntil: new Date(f.startedAt.getTime() + LEASE_MS) });
    return f;
  }

  it('a follow-up started on bot-1 finishes on bot-2 after bot-1 dies, and never on both', async () => {
    const f = await operatorOnBot1();
    const bot2 = rig.newService('bot-2');
    await bot2.resume();
    // Alive, bot-1 renews: bot-2 leaves it alone however long it runs.
    await rig.step(LEASE_MS);
    await rig.step(LEASE_MS);
    expect((await rig.store.get(f.id))?.owner).toBe('bot-1');
    expect(bot2.following).toBe(0);
    // bot-1 dies: no release, no more renewals (its timers and polls stop with it).
    rig.service.stopPolling();
    const diedAt = rig.clock.now().getTime();
    const leaseAtDeath = (await rig.store.get(f.id))?.leaseUntil?.getTime() ?? 0;
    expect(leaseAtDeath).toBeGreaterThan(diedAt);
    await rig.stepUntil(() => bot2.following === 1, 2 * LEASE_MS, 1_000);
    const takeOver = rig.logs.find((l) => l.decision === 'follow_up_taken_over')[0];
    expect(takeOver).toMatchObject({ followUpId: f.id, from: 'bot-1' });
    // Not before bot-1's last lease ran out, and soon after.
    expect(takeOver?.leaseUntil).toBe(new Date(leaseAtDeath).toISOString());
    expect(rig.clock.now().getTime()).toBeGreaterThanOrEqual(leaseAtDeath);
    expect(rig.clock.now().getTime() - leaseAtDeath).toBeLessThanOrEqual(LEASE_MS);
    expect((await rig.store.get(f.id))?.owner).toBe('bot-2');
    rig.sim.cluster.resumeHeartbeats(4);
    const end = await (async () => {
      await rig.stepUntil(
        () => rig.notices.some((n) => n.followUp.id === f.id && n.event === 'ended'),
        600_000,
      );
      return rig.notices.find((n) => n.followUp.id === f.id && n.event === 'ended')?.followUp;
    })();
    expect(end).toMatchObject({ state: 'succeeded', status: 'SUCCESS', owner: 'bot-2' });
    expect(rig.notices.filter((n) => n.event === 'resumed').map((n) => n.followUp.owner)).toEqual(['bot-2']);
  });

  it('a replica that lost its lease (another took over) stops polling instead of polling twice', async () => {
    const f = await operatorOnBot1();
    // Someone else takes it over behind bot-1's back (as if bot-1 had stalled past its lease).
    const leaseUntil = (await rig.store.get(f.id))?.leaseUntil as Date;
    const taken = await rig.store.claim(f.id, 'bot-1', 'bot-9', {
      until: new Date(leaseUntil.getTime() + LEASE_MS),
      expiredBy: leaseUntil,
    });
    expect(taken?.owner).toBe('bot-9');
    await rig.service.renewLeases();
    expect(rig.service.following).toBe(0);
    expect(rig.logs.find((l) => l.decision === 'follow_up_lost')[0]).toMatchObject({ followUpId: f.id });
  });
});
