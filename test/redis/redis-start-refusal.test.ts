import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotConfig } from '../../src/config/read-env-options.js';
import { RedisApprovalStore } from '../../src/redis/redis-approval-store.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { SharedStoreUnavailableError } from '../../src/redis/shared-store-error.js';
import { startBot } from '../../src/start-bot.js';
import { REQUEST, T0 } from '../approvals/approval-store-contract.js';
import { LogCapture } from '../support/log-capture.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

describe('Redis unreachable', () => {
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('at start: the bot refuses to start, naming Redis without its password', async () => {
    const down = await startRedisServer();
    await down.stop();
    const config: BotConfig = {
      slack: { botToken: 'xoxb-1', appToken: 'xapp-1', port: 0 },
      clusters: [],
      pdMaxBodyBytes: 1024,
      shutdownDeadlineMs: 25_000,
      groupLookupTimeoutMs: 3000,
      logLevel: 'silent',
      secrets: ['hunter2'],
      redis: { url: `redis://:hunter2@127.0.0.1:${down.port}`, keyPrefix: 'x:' },
    };
    const sink = new Writable({ write: (_c, _e, done) => done() });
    const error = await startBot(config, { logDestination: sink }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REDIS_UNREACHABLE' });
    expect((error as Error).message).toMatch(
      /^Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ did not answer \(.+\); with REDIS_URL set the bot keeps approvals, follow-ups and replay keys there and will not start without it$/,
    );
  });

  it('at run time: writes fail fast with SHARED_STORE_UNAVAILABLE, then work again once Redis is back', async () => {
    const logs = new LogCapture();
    const connection = await RedisConnection.open({ url: server.url, keyPrefix: 't:', logger: pino(logs) });
    try {
      const store = new RedisApprovalStore(connection, { clock: { now: () => T0 } });
      const { id } = await store.create(REQUEST);
      await server.stop();
      await logs.waitFor((l) => l.decision === 'redis_lost');
      expect(connection.isReady()).toBe(false);
      expect(await connection.ping()).toBe(false);
      const started = performance.now();
      const refused = await store.transition(id, 'pending', 'approved').catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(refused).toBeInstanceOf(SharedStoreUnavailableError);
      expect((refused as Error).message).toContain(
        'the shared store (Redis) is unreachable, so moving an approval from pending to approved was refused',
      );
      expect(logs.find((l) => l.decision === 'redis_refused')[0]).toMatchObject({
        operation: 'moving an approval from pending to approved',
      });
      await server.restart();
      await logs.waitFor((l) => l.decision === 'redis_recovered');
      expect(connection.isReady()).toBe(true);
      // This test server keeps nothing across a restart; a real one with persistence would.
      expect((await store.create(REQUEST)).state).toBe('pending');
    } finally {
      await connection.close();
    }
  });
});
