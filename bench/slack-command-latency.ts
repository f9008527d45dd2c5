/**
 * How fast `/tikv transfer-leader` is acked and answered through the real Bolt app over signed HTTP,
 * against the PD simulator on loopback: npx tsx bench/slack-command-latency.ts [sequential] [concurrent]
 * Prints p50/p95/p99/max of the ack (what Slack's 3 s rule measures) and of the in-channel result.
 */
import { startHarness } from '../test/support/bot-harness.js';
import { percentiles } from './percentiles.js';
import { timedTransferLeader } from './timed-transfer-leader.js';

const sequential = Number(process.argv[2] ?? 300);
const concurrent = Number(process.argv[3] ?? 50);

const h = await startHarness({ mode: 'http', sim: { regions: 100_000 } });
try {
  // Warm up JIT and connection pools so the numbers describe steady state.
  for (let i = 0; i < 20; i++) await timedTransferLeader(h, 2 + 4 * i);
  const seq: { ack: number; result: number }[] = [];
  for (let i = 0; i < sequential; i++) seq.push(await timedTransferLeader(h, 2 + 4 * (100 + i)));
  const burst = await Promise.all(
    Array.from({ length: concurrent }, (_, i) => timedTransferLeader(h, 2 + 4 * (1000 + i))),
  );
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`node ${process.version}, ${sequential} sequential and ${concurrent} concurrent commands`);
  console.log(`sequential ack:    ${percentiles(seq.map((s) => s.ack))}`);
  console.log(`sequential result: ${percentiles(seq.map((s) => s.result))}`);
  console.log(`burst ack:         ${percentiles(burst.map((s) => s.ack))}`);
  console.log(`burst result:      ${percentiles(burst.map((s) => s.result))}`);
  console.log(
    `PD POSTs: ${h.pdWrites().length} (expected ${20 + sequential + concurrent}); process RSS ${rss.toFixed(0)} MB`,
  );
} finally {
  await h.close();
}
