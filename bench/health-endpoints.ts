/**
 * What a probe and a scrape cost in Socket Mode, on HEALTH_PORT, with the bot warm (200 commands run
 * first, so the histogram and counters hold real series): npx tsx bench/health-endpoints.ts [hits]
 * Prints /healthz, /readyz and /metrics latencies, the scrape's size and series count, and the PD
 * requests the probes caused (none: /readyz reads the last probe's result).
 */
import { type Harness, startHarness } from '../test/support/bot-harness.js';
import { slashCommandFields } from '../test/support/fake-slack/index.js';
import { percentiles } from './percentiles.js';

const hits = Number(process.argv[2] ?? 500);

async function time(url: string): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text}`);
  return { ms: performance.now() - started, text };
}

const h: Harness = await startHarness({ mode: 'socket', health: true, sim: { timing: 'realtime' } });
try {
  const base = `http://127.0.0.1:${h.bot.healthPort}`;
  const texts = ['region 2', 'stores', 'operators', 'health', 'region 3'];
  for (let i = 0; i < 200; i++) {
    const responseUrl = h.slack.newResponseUrl();
    h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        text: texts[i % texts.length] as string,
        responseUrl,
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    await h.slack.waitForResponse((r) => r.url === responseUrl, 30_000);
  }
  const pdBefore = h.sim.requests.length;
  for (const path of ['/healthz', '/readyz', '/metrics']) {
    const ms: number[] = [];
    let last = '';
    for (let i = 0; i < hits; i++) {
      const { ms: one, text } = await time(`${base}${path}`);
      ms.push(one);
      last = text;
    }
    const series = last.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    console.log(
      `${path.padEnd(9)} ${hits} sequential hits: ${percentiles(ms, [50, 99], 2)}${path === '/metrics' ? ` · ${(last.length / 1024).toFixed(1)} KiB, ${series} samples` : ''}`,
    );
  }
  // Reads only above, so no follow-up polls PD: what remains is the 15 s re-probe, whatever the hits.
  const during = h.sim.requests.slice(pdBefore).map((r) => `${r.method} ${r.path}`);
  console.log(
    `PD requests during ${3 * hits} probe and scrape hits: ${during.length} (${during.join(', ') || 'none'}; the 15 s re-probe only)`,
  );
} finally {
  await h.close();
}
