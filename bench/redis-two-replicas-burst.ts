/**
 * Ack latency with two replicas sharing Redis under a burst: N `/tikv transfer-leader` commands at
 * once, spread over replicas A and B as a load balancer would (alternating), through the real Bolt
 * app over signed HTTP, each claiming its trigger_id in Redis before it runs.
 * npx tsx bench/redis-two-replicas-burst.ts [burst] [rounds]; starts its own redis-server.
 */
import {
  GRANT_ONCALL_POLICY,
  type Harness,
  SIGNING_SECRET,
  startHarness,
} from '../test/support/bot-harness.js';
import { postSlashCommand, slashCommandFields } from '../test/support/fake-slack/index.js';
import { startRedisServer } from '../test/support/redis-server.js';

const burst = Number(process.argv[2] ?? 50);
const rounds = Number(process.argv[3] ?? 5);

function percentiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1);
  return `p50 ${at(50)} ms · p95 ${at(95)} ms · p99 ${at(99)} ms · max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`;
}

async function one(h: Harness, region: number): Promise<{ ack: number; result: number }> {
  const responseUrl = h.slack.newResponseUrl();
  const started = performance.now();
  const fields = slashCommandFields({
    text: `transfer-leader ${region} 4`,
    responseUrl,
    userId: 'U0ONCALL',
    channelId: 'C0INCIDENT',
  });
  const ack = await postSlashCommand(h.botUrl, SIGNING_SECRET, fields);
  if (ack.status !== 200) throw new Error(`ack ${ack.status}`);
  await h.slack.waitForResponse((r) => r.url === responseUrl, 30_000);
  return { ack: ack.elapsedMs, result: performance.now() - started };
}

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
  for (let i = 0; i < 20; i++) await one(i % 2 === 0 ? a : b, 2 + 4 * i);
  const samples: { ack: number; result: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    samples.push(
      ...(await Promise.all(
        Array.from({ length: burst }, (_, i) => one(i % 2 === 0 ? a : b, 2 + 4 * (1000 + r * burst + i))),
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
