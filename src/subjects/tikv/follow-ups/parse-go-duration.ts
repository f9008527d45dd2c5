const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  μs: 0.001,
  ns: 0.000_001,
};

/** Go's time.Duration.String() (`1m0s`, `10m9.6s`, `1h2m3s`, `500ms`) in ms; undefined for anything else. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0s') return 0;
  const token = /(\d+(?:\.\d+)?)(h|ms|us|µs|μs|ns|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    end = token.lastIndex;
  }
  return end === text.length && end > 0 && Number.isFinite(total) ? total : undefined;
}
