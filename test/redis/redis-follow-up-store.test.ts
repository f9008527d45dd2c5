import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { RedisFollowUpStore } from '../../src/redis/redis-follow-up-store.js';
import { followUpStoreContract, NEW_FOLLOW_UP } from '../follow-ups/follow-up-store-contract.js';
import { LogCapture } from '../support/log-capture.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

const NOW = NEW_FOLLOW_UP.startedAt;

describe('RedisFollowUpStore', () => {
  let server: TestRedisServer;
  let connection: RedisConnection;
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

  followUpStoreContract(async () => {
    await connection.client.flushdb();
    return new RedisFollowUpStore(connection, { clock: { now: () => NOW } });
  });

  it('says it outlives the process, so a restart resumes its follow-ups', () => {
    expect(new RedisFollowUpStore(connection).durable).toBe(true);
  });

  it('forgets the oldest ended follow-ups past keepEnded, never an active one, and every key has a TTL', async () => {
    await connection.client.flushdb();
    let n = 0;
    const store = new RedisFollowUpStore(connection, {
      keepEnded: 2,
      newId: () => `f${++n}`,
      clock: { now: () => NOW },
    });
    const active = await store.create(NEW_FOLLOW_UP);
    for (let i = 0; i < 3; i++) {
      const f = await store.create(NEW_FOLLOW_UP);
      await store.transition(f.id, 'following', 'succeeded');
    }
    expect(await store.get('f2')).toBeUndefined();
    expect(await store.get('f3')).toBeDefined();
    expect(await store.get(active.id)).toBeDefined();
    expect((await store.listRecent(10)).map((f) => f.id).sort()).toEqual(['f1', 'f3', 'f4']);
    for (const key of await connection.client.keys('t:*')) {
      expect(await connection.client.pttl(key), key).toBeGreaterThan(0);
    }
  });
});
