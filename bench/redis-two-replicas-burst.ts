/**
 * Ack latency with two replicas sharing Redis under a burst: N `/tikv transfer-leader` commands at
 * once, spread over replicas A and B as a load balancer would (alternating), through the real Bolt
 * app over signed HTTP, each claiming its trigger_id in Redis before it runs.
 * npx tsx bench/redis-two-replicas-burst.ts [burst] [rounds]; starts its own redis-server.
 */
import { GRANT_ONCALL_POLICY, startHarness } from '../test/support/bot-harness.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { percentiles } from './percentiles.js';
import { timedTransferLeader } from './timed-transfer-leader.js';

const burst = Number(process.argv[2] ?? 50);
const rounds = Number(process.argv[3] ?? 5);

const redis = await startRedisServer();
const a = await startHarness({
  mode: 'http',
  sim: { regions: 100_000 },
  policy: GRANT_ONCALL_POLICY,
  redisUrl: redis.url,
});
const b = await startHarness({
  mode: 'http',
  policy: GRANT_ONCALL_POLICY,
  redisUrl: redis.url,
  shareWith: a,
});
try {
  for (let i = 0; i < 20; i++) await timedTransferLeader(i % 2 === 0 ? a : b, 2 + 4 * i);
  const samples: { ack: number; result: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    samples.push(
      ...(await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          timedTransferLeader(i % 2 === 0 ? a : b, 2 + 4 * (1000 + r * burst + i)),
        ),
      )),
    );
  }
  console.log(
    `node ${process.version}, ${rounds} bursts of ${burst} commands over two replicas sharing Redis`,
  );
  console.log(`burst ack:    ${percentiles(samples.map((s) => s.ack))}`);
  console.log(`burst result: ${percentiles(samples.map((s) => s.result))}`);
  console.log(`PD POSTs: ${a.pdWrites().length} (expected ${20 + rounds * burst})`);
} finally {
  await b.close();
  await a.close();
  await redis.stop();
}
