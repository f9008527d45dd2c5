import { pino } from 'pino';
import { pdBodyExcerpt } from '../core/pd/pd-body-excerpt.js';
import { LOG_ARRAY_MAX_ITEMS, LOG_MAX_DEPTH, LOG_PD_BODY_BYTES, LOG_STRING_MAX_CHARS } from './log-limits.js';

/** Keys that hold PD's raw answer (PdHttpError.rawBody, an audit record's pd.rawBody). */
const PD_BODY_KEYS = new Set(['rawBody', 'pdBody']);

export interface LogBounds {
  /** A string cut to LOG_STRING_MAX_CHARS with a marker saying how long it was. */
  clampString(text: string): string;
  /**
   * A copy of a value about to be logged, small enough for one log line: long strings clamped, PD
   * bodies cut to LOG_PD_BODY_BYTES with their length beside them, long arrays and deep nesting cut,
   * errors serialized (pino's serializer copies every enumerable property, rawBody included).
   */
  bound(value: unknown): unknown;
  /** pino's `err` serializer, bounded. */
  serializeErr(error: unknown): unknown;
}

/**
 * `scrub` hides secrets in a string; it runs before a string is cut, because a secret cut in half
 * no longer matches the scrubber that runs on the finished line.
 */
export function logBounds(scrub: (text: string) => string = (text) => text): LogBounds {
  const clampString = (text: string): string => {
    if (text.length <= LOG_STRING_MAX_CHARS) return text;
    const clean = scrub(text);
    let end = Math.min(LOG_STRING_MAX_CHARS, clean.length);
    const last = clean.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    return `${clean.slice(0, end)} … (cut, ${text.length} characters)`;
  };

  const bound = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return clampString(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    if (depth >= LOG_MAX_DEPTH) return '[too deep]';
    if (value instanceof Error) return bound(pino.stdSerializers.err(value), depth, seen);
    // Dates, URLs and the like print themselves compactly.
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        const kept = value.slice(0, LOG_ARRAY_MAX_ITEMS).map((item) => bound(item, depth + 1, seen));
        if (value.length > LOG_ARRAY_MAX_ITEMS) kept.push(`… (${value.length} items)`);
        return kept;
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (PD_BODY_KEYS.has(key) && typeof item === 'string' && item.length * 3 > LOG_PD_BODY_BYTES) {
          const excerpt = pdBodyExcerpt(scrub(item), LOG_PD_BODY_BYTES);
          out[key] = excerpt.text;
          if (excerpt.truncated) {
            out[`${key}Bytes`] ??= Buffer.byteLength(item);
            out[`${key}Truncated`] = true;
          }
        } else {
          out[key] = bound(item, depth + 1, seen);
        }
      }
      return out;
    } finally {
      seen.delete(value);
    }
  };

  return {
    clampString,
    bound: (value) => bound(value, 0, new WeakSet()),
    serializeErr: (error) =>
      bound(error instanceof Error ? pino.stdSerializers.err(error) : error, 0, new WeakSet()),
  };
}
