import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisApprovalStore } from '../../src/redis/redis-approval-store.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { approvalStoreContract, REQUEST, T0 } from '../approvals/approval-store-contract.js';
import { LogCapture } from '../support/log-capture.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

describe('RedisApprovalStore', () => {
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

  // Each test gets an empty store: the test server holds nothing else.
  approvalStoreContract(async () => {
    await connection.client.flushdb();
    return new RedisApprovalStore(connection, { clock: { now: () => T0 } });
  });

  it('puts a TTL on every key it writes: the expiry plus a day', async () => {
    await connection.client.flushdb();
    const store = new RedisApprovalStore(connection, { clock: { now: () => T0 } });
    const { id } = await store.create(REQUEST);
    const other = await store.create(REQUEST);
    await store.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD' });
    await store.setMessage(id, { ts: '1.2' });
    const keys = await connection.client.keys('t:*');
    expect(keys.sort()).toEqual(
      [`t:approval:${id}`, `t:approval:${other.id}`, 't:approvals:pending', 't:approvals:approved'].sort(),
    );
    const expected = REQUEST.expiresAt.getTime() - T0.getTime() + 24 * 3_600_000;
    for (const key of keys) {
      const ttl = await connection.client.pttl(key);
      expect(ttl).toBeGreaterThan(expected - 60_000);
      expect(ttl).toBeLessThanOrEqual(expected);
    }
  });

  it('shares approvals between two connections, as between two replicas: one click wins', async () => {
    await connection.client.flushdb();
    const other = await RedisConnection.open({
      url: server.url,
      keyPrefix: 't:',
      logger: pino(new LogCapture()),
    });
    try {
      const a = new RedisApprovalStore(connection, { clock: { now: () => T0 } });
      const b = new RedisApprovalStore(other, { clock: { now: () => T0 } });
      const { id } = await a.create(REQUEST);
      expect((await b.listPending()).map((x) => x.id)).toEqual([id]);
      const results = await Promise.all([
        a.transition(id, 'pending', 'approved', { decidedBy: 'U0A' }),
        b.transition(id, 'pending', 'approved', { decidedBy: 'U0B' }),
      ]);
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      expect(await a.listPending()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('keeps deployments apart by key prefix', async () => {
    await connection.client.flushdb();
    const staging = await RedisConnection.open({
      url: server.url,
      keyPrefix: 's:',
      logger: pino(new LogCapture()),
    });
    try {
      await new RedisApprovalStore(connection, { clock: { now: () => T0 } }).create(REQUEST);
      expect(await new RedisApprovalStore(staging, { clock: { now: () => T0 } }).listPending()).toEqual([]);
    } finally {
      await staging.close();
    }
  });
});
