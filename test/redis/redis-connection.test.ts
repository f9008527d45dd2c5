import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { RedisUnreachableError } from '../../src/redis/shared-store-error.js';
import { LogCapture } from '../support/log-capture.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

describe('RedisConnection', () => {
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('connects, answers ping and isReady, and logs where without the password', async () => {
    const logs = new LogCapture();
    const connection = await RedisConnection.open({ url: server.url, keyPrefix: 't:', logger: pino(logs) });
    try {
      expect(connection.isReady()).toBe(true);
      expect(await connection.ping()).toBe(true);
      expect(connection.key('approval', 'a1')).toBe('t:approval:a1');
      expect(logs.lines).toContainEqual(expect.objectContaining({ decision: 'redis_connected' }));
    } finally {
      await connection.close();
    }
  });

  it('refuses to open when Redis does not answer, naming the URL without its password', async () => {
    const down = await startRedisServer();
    await down.stop();
    const error = await RedisConnection.open({
      url: `redis://:hunter2@127.0.0.1:${down.port}`,
      keyPrefix: 't:',
      logger: pino(new LogCapture()),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnreachableError);
    expect((error as RedisUnreachableError).code).toBe('REDIS_UNREACHABLE');
    expect((error as Error).message).toContain(`redis://:***@127.0.0.1:${down.port}`);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
