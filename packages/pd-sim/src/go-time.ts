/**
 * Go's time and duration text. The simulator runs in UTC so the zone part is always `+0000 UTC`/`Z`;
 * everything else (trimmed nanoseconds, the monotonic `m=+…` suffix) follows Go exactly so operator
 * strings look like real PD ones.
 */
export interface GoInstant {
  /** Unix time in nanoseconds. */
  readonly unixNs: bigint;
  /** Monotonic reading (ns since the PD process started), printed as ` m=+s.nnnnnnnnn`; absent for zero times. */
  readonly monoNs?: bigint;
}

const NS_PER_SEC = 1_000_000_000n;

function splitUnix(unixNs: bigint): { date: Date; nanos: bigint } {
  let seconds = unixNs / NS_PER_SEC;
  let nanos = unixNs % NS_PER_SEC;
  if (nanos < 0n) {
    nanos += NS_PER_SEC;
    seconds -= 1n;
  }
  return { date: new Date(Number(seconds) * 1000), nanos };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function dateTime(date: Date, separator: string): string {
  const year = date.getUTCFullYear();
  return (
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}${separator}` +
    `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`
  );
}

/** `.999999999` layout: trailing zeros trimmed, no dot at all for whole seconds. */
function trimmedFraction(nanos: bigint): string {
  if (nanos === 0n) return '';
  return `.${nanos.toString().padStart(9, '0').replace(/0+$/, '')}`;
}

/** time.Time.String(), e.g. `2026-08-21 02:15:02.345678901 +0000 UTC m=+86400.123456789`. */
export function formatGoTime(instant: GoInstant): string {
  const { date, nanos } = splitUnix(instant.unixNs);
  let text = `${dateTime(date, ' ')}${trimmedFraction(nanos)} +0000 UTC`;
  if (instant.monoNs !== undefined) {
    const mono = instant.monoNs < 0n ? -instant.monoNs : instant.monoNs;
    const sign = instant.monoNs < 0n ? '-' : '+';
    text += ` m=${sign}${mono / NS_PER_SEC}.${(mono % NS_PER_SEC).toString().padStart(9, '0')}`;
  }
  return text;
}

/** Go's zero time.Time, which PD prints for an operator that has not started. */
export const GO_ZERO_TIME_STRING = '0001-01-01 00:00:00 +0000 UTC';

/** time.RFC3339Nano as encoding/json writes a time.Time. */
export function formatRfc3339Nano(unixNs: bigint): string {
  const { date, nanos } = splitUnix(unixNs);
  return `${dateTime(date, 'T')}${trimmedFraction(nanos)}Z`;
}

/** time.Duration.String(), e.g. `1m0s`, `22h42m59.123456789s`, `500ms`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const negative = ns < 0n;
  let u = negative ? -ns : ns;
  let text: string;
  if (u < NS_PER_SEC) {
    const [unit, scale] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    text = `${u / scale}${fraction(u % scale, scale)}${unit}`;
  } else {
    const seconds = u / NS_PER_SEC;
    const frac = fraction(u % NS_PER_SEC, NS_PER_SEC);
    u = seconds;
    text = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      text = `${u % 60n}m${text}`;
      u /= 60n;
      if (u > 0n) text = `${u}h${text}`;
    }
  }
  return negative ? `-${text}` : text;
}

function fraction(remainder: bigint, scale: bigint): string {
  if (remainder === 0n) return '';
  const width = scale.toString().length - 1;
  return `.${remainder.toString().padStart(width, '0').replace(/0+$/, '')}`;
}
