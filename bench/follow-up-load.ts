/**
 * PD load from following many writes at once: npx tsx bench/follow-up-load.ts [operators]
 * The real FollowUpService (the bot's settings) follows N transfer-leader operators against the PD
 * simulator, on one hand-driven clock shared with the simulator, so a minute of PD time takes about a
 * second. PD requests are counted per simulated second from the simulator's own request log.
 * Scenarios: N operators that succeed in ~1 s; N that wait for an unreachable store until PD's own
 * TIMEOUT (1 min), the longest an operator is followed; N people following the same region; and a
 * drain of a store with ~17,000 leaders.
 */
import { startPdSim } from '@tikv-chatops/pd-sim';
import { DEFAULT_FOLLOW_UP_SETTINGS } from '../src/core/follow-ups/follow-up-ports.js';
import { FollowUpService } from '../src/core/follow-ups/follow-up-service.js';
import { InMemoryFollowUpStore } from '../src/follow-ups/in-memory-follow-up-store.js';
import { pdFollowUpReader } from '../src/follow-ups/pd-follow-up-reader.js';
import { createLogger } from '../src/logging/create-logger.js';
import { PdClient } from '../src/pd/pd-client.js';
import { TIKV_ACTIONS } from '../src/subjects/tikv/tikv-actions.js';
import { ManualClock } from '../test/support/manual-clock.js';

const count = Number(process.argv[2] ?? 100);
const STEP_MS = 250;
const TARGET = 4;

type Scenario = 'succeed' | 'timeout' | 'same-region' | 'drain';

async function run(scenario: Scenario) {
  const sim = await startPdSim({ timing: 'manual', regions: 100_000, stores: 6 });
  const pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 10_000 });
  const clock = new ManualClock();
  const store = new InMemoryFollowUpStore({ clock });
  const service = new FollowUpService({
    store,
    clock,
    timers: clock,
    read: pdFollowUpReader(new Map([['default', pd]])),
    notifier: { notify: async () => undefined },
    logger: createLogger({ level: 'silent' }),
    actions: () => TIKV_ACTIONS,
    settings: DEFAULT_FOLLOW_UP_SETTINGS,
    owner: 'bench',
  });
  const action = (name: string) => TIKV_ACTIONS.find((a) => a.name === name) ?? TIKV_ACTIONS[0];
  // Regions whose leader is elsewhere and that have a voter on the target store.
  const regions: number[] = [];
  for (let i = 0; regions.length < count && i < 100_000; i++) {
    const region = sim.cluster.region(sim.cluster.regionIdAt(i));
    if (region === undefined || region.leaderStoreId === TARGET) continue;
    if (region.peers.some((p) => p.storeId === TARGET && p.role === 0)) regions.push(region.id);
  }
  if (scenario === 'timeout') sim.cluster.stopHeartbeats(TARGET);
  const ids: string[] = [];
  if (scenario === 'drain') {
    await pd.send({
      method: 'POST',
      path: '/pd/api/v1/schedulers',
      body: { name: 'evict-leader-scheduler', store_id: TARGET },
    });
    const started = await service.start({
      action: action('drain_store') as (typeof TIKV_ACTIONS)[number],
      params: { store_id: TARGET },
      cluster: 'default',
      requesterId: 'U0BENCH',
      correlationId: 'drain',
    });
    if (started) ids.push(started.id);
  } else {
    const targets = scenario === 'same-region' ? [regions[0] as number] : regions;
    for (const region of targets) {
      await pd.send({
        method: 'POST',
        path: '/pd/api/v1/operators',
        body: { name: 'transfer-leader', region_id: region, to_store_id: TARGET },
      });
    }
    for (let i = 0; i < count; i++) {
      const region = scenario === 'same-region' ? (regions[0] as number) : (regions[i] as number);
      const started = await service.start({
        action: action('transfer_leader') as (typeof TIKV_ACTIONS)[number],
        params: { region_id: region, to_store_id: TARGET },
        cluster: 'default',
        requesterId: 'U0BENCH',
        correlationId: `op-${i}`,
      });
      if (started) ids.push(started.id);
    }
  }
  const startedAtSimMs = sim.requests.at(-1)?.simAt ?? 0;
  const firstIndex = sim.requests.length;
  const wall = performance.now();
  let elapsed = 0;
  while ((await store.listActive()).length > 0 && elapsed < 8 * 60 * 60_000) {
    sim.advance(STEP_MS);
    clock.advance(STEP_MS);
    await service.idle();
    elapsed += STEP_MS;
  }
  const wallMs = performance.now() - wall;
  const reads = sim.requests.slice(firstIndex);
  const perSecond = new Map<number, number>();
  for (const r of reads) {
    const second = Math.floor((r.simAt - startedAtSimMs) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  const seconds = Math.max(1, Math.ceil(elapsed / 1000));
  const states = new Map<string, number>();
  for (const id of ids) {
    const f = await store.get(id);
    const key = `${f?.state}/${f?.status}`;
    states.set(key, (states.get(key) ?? 0) + 1);
  }
  await service.shutdown('bench over');
  await pd.close();
  await sim.close();
  return {
    scenario,
    followed: ids.length,
    pdSeconds: seconds,
    requests: reads.length,
    perSecond: reads.length / seconds,
    peak: Math.max(0, ...perSecond.values()),
    byPath: {
      operators: reads.filter((r) => r.path.startsWith('/pd/api/v1/operators/')).length,
      region: reads.filter((r) => r.path.startsWith('/pd/api/v1/region/')).length,
      store: reads.filter((r) => r.path.startsWith('/pd/api/v1/store/')).length,
      other: reads.filter((r) => !/^\/pd\/api\/v1\/(operators|region|store)\//.test(r.path)).length,
    },
    ends: Object.fromEntries(states),
    wallMs: Math.round(wallMs),
  };
}

for (const scenario of ['succeed', 'timeout', 'same-region', 'drain'] as const) {
  const r = await run(scenario);
  console.log(
    `${r.scenario.padEnd(11)} followed ${r.followed}: ${r.requests} PD reads over ${r.pdSeconds} s of PD time ` +
      `= ${r.perSecond.toFixed(2)}/s, peak ${r.peak} in one second; ${JSON.stringify(r.byPath)}; ends ${JSON.stringify(r.ends)}; ${r.wallMs} ms wall`,
  );
}
