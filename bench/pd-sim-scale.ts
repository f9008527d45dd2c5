/**
 * Start-up cost of a large simulated cluster: npx tsx bench/pd-sim-scale.ts [regions] [stores]
 * Prints wall time to a listening server, memory after start, and the latency of the O(1) lookups.
 */
import { startPdSim } from '@tikv-chatops/pd-sim';

const regions = Number(process.argv[2] ?? 1_000_000);
const stores = Number(process.argv[3] ?? 6);
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

const before = process.memoryUsage();
const t0 = performance.now();
const sim = await startPdSim({ regions, stores, timing: 'manual' });
const startMs = performance.now() - t0;
global.gc?.();
const after = process.memoryUsage();

async function timed(path: string): Promise<string> {
  const t = performance.now();
  const response = await fetch(`${sim.url}${path}`);
  const body = await response.text();
  return `${path} → ${response.status}, ${body.length} bytes, ${(performance.now() - t).toFixed(1)} ms`;
}

const lastRegion = sim.cluster.regionIdAt(regions - 1);
console.log(
  `pd-sim scale: ${regions.toLocaleString('en-US')} regions, ${stores.toLocaleString('en-US')} TiKV stores`,
);
console.log(`start: ${startMs.toFixed(0)} ms`);
console.log(
  `memory: rss ${mb(after.rss)} MB (+${mb(after.rss - before.rss)}), heap used ${mb(after.heapUsed)} MB, ` +
    `array buffers ${mb(after.arrayBuffers)} MB`,
);
console.log(await timed(`/pd/api/v1/region/id/${lastRegion}`));
console.log(await timed(`/pd/api/v1/region/id/${lastRegion}`));
console.log(await timed('/pd/api/v1/store/1'));
console.log(await timed('/pd/api/v1/store/1'));
console.log(await timed(`/pd/api/v1/store/${stores + 1}`));
await sim.close();
