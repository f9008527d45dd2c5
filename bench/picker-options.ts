/**
 * How fast the forms' store pickers answer Slack's options requests (block_suggestion, signed HTTP,
 * through the real Bolt app) for a 10,000-store, 1,000,000-region simulated cluster:
 *   npx tsx bench/picker-options.ts [cold] [warm] [burst]
 * Cold: the store cache has expired (the clock is moved 20 s on), so the request waits for PD's
 * `GET /stores` (~12 MB) and its parse. Warm: the list is cached; each request filters and matches
 * 10,000 stores. Burst: that many at once, cold and warm; PD must see one `GET /stores` per burst.
 * Slack's budget is 3 s from its side, network included.
 */
import type { Clock } from '../src/core/engine/engine.js';
import { PARAMS_MODAL_CALLBACK_ID, VALUE_ACTION_ID } from '../src/slack/params-modal.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../test/support/bot-harness.js';
import {
  postSlashCommand,
  requestOptionsHttp,
  slashCommandFields,
} from '../test/support/fake-slack/index.js';
import { percentiles } from './percentiles.js';

const coldRuns = Number(process.argv[2] ?? 30);
const warmRuns = Number(process.argv[3] ?? 300);
const burst = Number(process.argv[4] ?? 50);

// The bot's clock, moved on by hand so the 15 s store cache expires without waiting.
let offset = 0;
const clock: Clock = {
  now: () => new Date(Date.now() + offset),
  monotonic: () => performance.now() + offset,
};
const expireCache = () => {
  offset += 20_000;
};

const TYPED = ['', '4', '12', '999', '1234', 'tikv-77', 'az2', 'host=tikv-50', 'svc', 'nomatch'];

const t0 = performance.now();
const h: Harness = await startHarness({ mode: 'http', clock, sim: { stores: 10_000, regions: 1_000_000 } });
console.log(`simulator and bot up in ${(performance.now() - t0).toFixed(0)} ms`);

async function openForm(text: string): Promise<string> {
  const fields = slashCommandFields({
    text,
    responseUrl: h.slack.newResponseUrl(),
    userId: 'U0ONCALL',
    channelId: 'C0INCIDENT',
  });
  await postSlashCommand(h.botUrl, SIGNING_SECRET, fields);
  const open = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === fields.trigger_id);
  return (open.args.view as { private_metadata: string }).private_metadata;
}

const storesReads = () => h.sim.requests.filter((r) => r.path === '/pd/api/v1/stores').length;

try {
  const drain = await openForm('drain-store');
  const leader = await openForm('transfer-leader');
  const ask = (metadata: string, field: string, value: string, values = {}) =>
    requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
      blockId: `param:${field}`,
      actionId: VALUE_ACTION_ID,
      value,
      userId: 'U0ONCALL',
      view: { callbackId: PARAMS_MODAL_CALLBACK_ID, privateMetadata: metadata, values },
    });

  const first = await ask(drain, 'store_id', '');
  console.log(
    `first ever (cold, JIT cold): ${first.elapsedMs.toFixed(1)} ms, ${first.options.length} options, "${first.groups[0]}"`,
  );

  const cold: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    expireCache();
    const answer = await ask(drain, 'store_id', TYPED[i % TYPED.length] ?? '');
    cold.push(answer.elapsedMs);
  }
  const warm: number[] = [];
  let most = 0;
  for (let i = 0; i < warmRuns; i++) {
    if (i % 100 === 0) {
      expireCache();
      await ask(drain, 'store_id', '');
    }
    const answer = await ask(drain, 'store_id', TYPED[i % TYPED.length] ?? '');
    most = Math.max(most, answer.options.length);
    warm.push(answer.elapsedMs);
  }
  // transfer-leader with a region in the form: the region's read joins the store list's.
  const regionFiltered: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    expireCache();
    const region = 2 + 4 * (1000 + i);
    const answer = await ask(leader, 'to_store_id', '', {
      'param:region_id': { value: { type: 'number_input', value: String(region) } },
    });
    regionFiltered.push(answer.elapsedMs);
  }

  expireCache();
  const readsBefore = storesReads();
  const coldBurst = await Promise.all(
    Array.from({ length: burst }, (_, i) => ask(drain, 'store_id', TYPED[i % TYPED.length] ?? '')),
  );
  const coldBurstReads = storesReads() - readsBefore;
  const warmBurst = await Promise.all(
    Array.from({ length: burst }, (_, i) => ask(drain, 'store_id', TYPED[i % TYPED.length] ?? '')),
  );
  const warmBurstReads = storesReads() - readsBefore - coldBurstReads;

  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `node ${process.version}, 10,000 stores, 1,000,000 regions; options request → ack, signed HTTP`,
  );
  console.log(`cold (cache expired, GET /stores + parse), ${coldRuns}: ${percentiles(cold)}`);
  console.log(`warm (cached), ${warmRuns}:                  ${percentiles(warm)} (at most ${most} options)`);
  console.log(`transfer-leader + region, cold, ${coldRuns}:      ${percentiles(regionFiltered)}`);
  console.log(
    `burst of ${burst}, cold:  ${percentiles(coldBurst.map((a) => a.elapsedMs))}; GET /stores sent: ${coldBurstReads}`,
  );
  console.log(
    `burst of ${burst}, warm:  ${percentiles(warmBurst.map((a) => a.elapsedMs))}; GET /stores sent: ${warmBurstReads}`,
  );
  console.log(`GET /stores in all: ${storesReads()}; process RSS ${rss.toFixed(0)} MB`);
} finally {
  await h.close();
}
