/**
 * Approval claim latency over Redis: the compare-and-set that turns one approval into one PD call
 * (RedisApprovalStore.transition pending → approved), against a real redis-server on loopback.
 * `npx tsx bench/redis-approval-claim.ts [approvals]`; starts and stops its own redis-server.
 */
import { pino } from 'pino';
import type { NewApproval } from '../src/core/approvals/approval-store.js';
import { RedisApprovalStore } from '../src/redis/redis-approval-store.js';
import { RedisConnection } from '../src/redis/redis-connection.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { percentileOf } from './percentiles.js';

const count = Number(process.argv[2] ?? 2000);
const server = await startRedisServer();
const replicaA = await RedisConnection.open({
  url: server.url,
  keyPrefix: 'bench:',
  logger: pino({ level: 'silent' }),
});
const replicaB = await RedisConnection.open({
  url: server.url,
  keyPrefix: 'bench:',
  logger: pino({ level: 'silent' }),
});
const a = new RedisApprovalStore(replicaA);
const b = new RedisApprovalStore(replicaB);
const request = (): NewApproval => ({
  requesterId: 'U0ONCALL',
  channelId: 'C0INCIDENT',
  actionName: 'drain_store',
  params: { store_id: 3 },
  correlationId: 'bench',
  createdAt: new Date(),
  expiresAt: new Date(Date.now() + 20 * 60_000),
});

async function measure(label: string, claim: (id: string) => Promise<unknown>) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await a.create(request())).id);
  const times: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await claim(id);
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  console.log(
    `${label}: n=${count} p50 ${percentileOf(times, 50).toFixed(3)} ms, p99 ${percentileOf(times, 99).toFixed(3)} ms, max ${(times.at(-1) ?? 0).toFixed(3)} ms`,
  );
}

await measure('one click (transition pending → approved)', (id) =>
  a.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD', decidedAt: new Date() }),
);
let won = 0;
await measure('two replicas click at once (both CAS calls, one wins)', async (id) => {
  const results = await Promise.all([
    a.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD' }),
    b.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD2' }),
  ]);
  won += results.filter((r) => r !== undefined).length;
});
console.log(`winners: ${won} of ${count} approvals (must equal ${count})`);
await replicaA.close();
await replicaB.close();
await server.stop();
