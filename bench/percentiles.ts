/** The value at percentile `p` (0–100) of ascending `sorted`: nearest rank, as every bench here reports it. */
export function percentileOf(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** `p50 1.2 ms · p95 … · max … ms` for the given percentiles, in milliseconds with `digits` decimals. */
export function percentiles(
  values: readonly number[],
  ps: readonly number[] = [50, 95, 99],
  digits = 1,
): string {
  const sorted = [...values].sort((a, b) => a - b);
  const parts = ps.map((p) => `p${p} ${percentileOf(sorted, p).toFixed(digits)} ms`);
  return [...parts, `max ${(sorted.at(-1) ?? 0).toFixed(digits)} ms`].join(' · ');
}
