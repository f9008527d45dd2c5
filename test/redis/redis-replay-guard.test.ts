import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { RedisReplayGuard } from '../../src/redis/redis-replay-guard.js';
import { InMemoryReplayGuard, REPLAY_TTL_MS } from '../../src/slack/replay-guard.js';
import { replayGuardContract } from '../slack/replay-guard-contract.js';
import { LogCapture } from '../support/log-capture.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

describe('RedisReplayGuard', () => {
  let server: TestRedisServer;
  let connection: RedisConnection;
  const logs = new LogCapture();
  const guard = (c: RedisConnection = connection) =>
    new RedisReplayGuard(c, {
      ttlMs: REPLAY_TTL_MS,
      logger: pino(logs),
      fallback: new InMemoryReplayGuard({ clock: { monotonic: () => 0 } }),
    });
  beforeAll(async () => {
    server = await startRedisServer();
    connection = await RedisConnection.open({ url: server.url, keyPrefix: 't:', logger: pino(logs) });
  });
  afterAll(async () => {
    await connection.close();
    await server.stop();
  });

  replayGuardContract(async () => {
    await connection.client.flushdb();
    return guard();
  });

  it('remembers a key in Redis for the replay TTL, longer than the signature window', async () => {
    await connection.client.flushdb();
    await guard().claim('slash_command:T9', 'c1');
    const ttl = await connection.client.pttl('t:replay:slash_command:T9');
    expect(ttl).toBeGreaterThan(REPLAY_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(REPLAY_TTL_MS);
  });

  it('catches a replay that lands on another replica', async () => {
    await connection.client.flushdb();
    const other = await RedisConnection.open({ url: server.url, keyPrefix: 't:', logger: pino(logs) });
    try {
      expect(await guard().claim('view_submission:V1', 'on-a')).toEqual({ first: true });
      expect(await guard(other).claim('view_submission:V1', 'on-b')).toEqual({
        first: false,
        correlationId: 'on-a',
      });
    } finally {
      await other.close();
    }
  });
});
