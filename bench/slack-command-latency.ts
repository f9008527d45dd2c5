/**
 * How fast `/tikv transfer-leader` is acked and answered through the real Bolt app over signed HTTP,
 * against the PD simulator on loopback: npx tsx bench/slack-command-latency.ts [sequential] [concurrent]
 * Prints p50/p95/p99/max of the ack (what Slack's 3 s rule measures) and of the in-channel result.
 */
import { type Harness, SIGNING_SECRET, startHarness } from '../test/support/bot-harness.js';
import { postSlashCommand, slashCommandFields } from '../test/support/fake-slack/index.js';

const sequential = Number(process.argv[2] ?? 300);
const concurrent = Number(process.argv[3] ?? 50);

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

const h = await startHarness({ mode: 'http', sim: { regions: 100_000 } });
try {
  // Warm up JIT and connection pools so the numbers describe steady state.
  for (let i = 0; i < 20; i++) await one(h, 2 + 4 * i);
  const seq: { ack: number; result: number }[] = [];
  for (let i = 0; i < sequential; i++) seq.push(await one(h, 2 + 4 * (100 + i)));
  const burst = await Promise.all(Array.from({ length: concurrent }, (_, i) => one(h, 2 + 4 * (1000 + i))));
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
