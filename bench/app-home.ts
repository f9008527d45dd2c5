/**
 * What opening App Home costs against a 10,000-store PD simulator, through the real Bolt app over
 * signed HTTP: npx tsx bench/app-home.ts [opens] [crowd]
 * Cold opens (cache expired: two PD reads, then render and views.publish), warm opens (cached), and a
 * crowd opening at once on a cold cache; prints latencies to views.publish and PD requests counted.
 */
import type { Clock } from '../src/core/engine/engine.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../test/support/bot-harness.js';
import { appHomeOpenedEvent, eventCallbackBody, postEvent } from '../test/support/fake-slack/index.js';
import { percentiles } from './percentiles.js';

const opens = Number(process.argv[2] ?? 30);
const crowd = Number(process.argv[3] ?? 20);
const stores = Number(process.env.HOME_STORES ?? 10_000);

// The cache's TTL runs on the monotonic clock: jumping it forward makes the next open cold.
let skew = 0;
const clock: Clock = { now: () => new Date(Date.now() + skew), monotonic: () => performance.now() + skew };
const expireCache = () => {
  skew += 60_000;
};

let seq = 0;
async function open(h: Harness): Promise<number> {
  const user = `U0BENCH${String(++seq).padStart(5, '0')}`;
  const started = performance.now();
  const res = await postEvent(
    h.botUrl,
    SIGNING_SECRET,
    eventCallbackBody(appHomeOpenedEvent({ userId: user })),
  );
  if (res.status !== 200) throw new Error(`event answered ${res.status}`);
  const call = await h.slack.waitForCall('views.publish', (c) => c.args.user_id === user, 30_000);
  if (call.response?.ok !== true) throw new Error(`views.publish refused: ${JSON.stringify(call.response)}`);
  return performance.now() - started;
}

const h = await startHarness({ mode: 'http', sim: { stores }, clock, homeWaitMs: 30_000 });
try {
  for (let i = 0; i < 3; i++) {
    expireCache();
    await open(h);
  }
  h.sim.requests.length = 0;
  const cold: number[] = [];
  for (let i = 0; i < opens; i++) {
    expireCache();
    cold.push(await open(h));
  }
  const coldReads = h.sim.requests.length;
  h.sim.requests.length = 0;
  const warm: number[] = [];
  for (let i = 0; i < opens; i++) warm.push(await open(h));
  const warmReads = h.sim.requests.length;
  expireCache();
  h.sim.requests.length = 0;
  const burst = await Promise.all(Array.from({ length: crowd }, () => open(h)));
  const burstReads = h.sim.requests.map((r) => `${r.method} ${r.path}`);
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `node ${process.version}, ${stores} stores, ${opens} cold and ${opens} warm opens, a crowd of ${crowd}`,
  );
  console.log(`cold open → views.publish: ${percentiles(cold, [50, 95])} (${coldReads} PD requests)`);
  console.log(`warm open → views.publish: ${percentiles(warm, [50, 95])} (${warmReads} PD requests)`);
  console.log(
    `crowd of ${crowd}, cold:      ${percentiles(burst, [50, 95])} (${burstReads.length} PD requests: ${burstReads.join(', ')})`,
  );
  console.log(`process RSS ${rss.toFixed(0)} MB`);
} finally {
  await h.close();
}
