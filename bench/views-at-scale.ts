/**
 * What one read-only view costs on a 10,000-store, 1,000,000-region cluster, as a page click runs it:
 * npx tsx bench/views-at-scale.ts [runs]
 * For each view: PD's answer size, and the time from request to rendered Slack message (read + parse
 * + present + Block Kit), p50 and max over `runs` runs, with the client at its default 1 MiB limit.
 */
import { startPdSim } from '@tikv-chatops/pd-sim';
import type { ActionParams } from '../src/core/actions/action-definition.js';
import type { Outcome } from '../src/core/engine/outcome.js';
import { PdClient } from '../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../src/slack/render-outcome-message.js';
import { TIKV_ACTIONS } from '../src/subjects/tikv/tikv-actions.js';
import { TikvSubject } from '../src/subjects/tikv/tikv-subject.js';

const runs = Number(process.argv[2] ?? 10);
const sim = await startPdSim({ timing: 'manual', stores: 10_000, regions: 1_000_000 });
const pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 5000, responseTimeoutMs: 60_000 });
const subject = new TikvSubject(pd);

const views: [string, ActionParams][] = [
  ['stores', { page: 1 }],
  ['stores', { page: 400 }],
  ['schedulers', {}],
  ['hot', { type: 'read' }],
  ['hot', { type: 'write' }],
  ['regions_check', { kind: 'down-peer' }],
];

console.log(`views at scale: 10,000 stores, 1,000,000 regions, ${runs} runs each, node ${process.version}`);
console.log('| view | PD bytes read | p50 ms | max ms | Slack message bytes |');
console.log('| ---- | ------------- | ------ | ------ | ------------------- |');
for (const [name, params] of views) {
  const action = TIKV_ACTIONS.find((a) => a.name === name);
  if (!action) throw new Error(name);
  const times: number[] = [];
  let bytes = 0;
  let messageBytes = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const response = await subject.execute(action, params, {});
    const outcome: Outcome = {
      kind: 'ok',
      request: {
        action,
        params,
        actor: { id: 'U0BENCH', source: 'slack' },
        cluster: 'default',
        correlationId: 'bench',
      },
      target: { cluster: 'default', production: false, endpoint: sim.url, simulated: true },
      response,
      startedAt: new Date(),
      durationMs: 0,
    };
    messageBytes = JSON.stringify(renderOutcomeMessage(outcome)).length;
    times.push(performance.now() - t);
    bytes =
      Buffer.byteLength(response.rawBody) +
      (response.planReads ?? []).reduce((s, r) => s + r.rawBody.length, 0);
  }
  times.sort((a, b) => a - b);
  const label = `${name.replaceAll('_', '-')} ${Object.values(params).join(' ')}`.trim();
  console.log(
    `| ${label} | ${(bytes / 1024 / 1024).toFixed(1)} MiB | ${times[Math.floor(times.length / 2)]?.toFixed(0)} | ${times.at(-1)?.toFixed(0)} | ${messageBytes} |`,
  );
}
await pd.close();
await sim.close();
