import type { GoJsonValue } from './go-json.js';
import { checkGoJsonSyntax } from './go-json-syntax.js';

/** What `var input map[string]any; json.Unmarshal(body, &input)` leaves PD with. */
export type GoJsonMapResult =
  | { readonly ok: true; readonly input: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly msg: string; readonly data: GoJsonValue };

const MAP_TYPE = 'map[string]interface {}';

/**
 * Decodes a request body into a Go map[string]any, with Go's error text for malformed input
 * (pd-api.md §7.1). A JSON `null` leaves the map nil, which reads like an empty map.
 */
export function decodeGoJsonMap(body: Uint8Array): GoJsonMapResult {
  const syntax = checkGoJsonSyntax(body);
  if (syntax !== undefined) return { ok: false, msg: syntax.msg, data: { Offset: syntax.offset } };
  const text = new TextDecoder().decode(body);
  const parsed: unknown = JSON.parse(text);
  if (parsed === null) return { ok: true, input: {} };
  if (typeof parsed === 'object' && !Array.isArray(parsed)) {
    return { ok: true, input: parsed as Record<string, unknown> };
  }
  const kind = Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
  // Go reports where it was when it gave up: just past '[' for arrays, past the literal otherwise.
  const lead = text.length - text.trimStart().length;
  const offset = kind === 'array' ? lead + 1 : text.trimEnd().length;
  return {
    ok: false,
    msg: `json: cannot unmarshal ${kind} into Go value of type ${MAP_TYPE}`,
    data: { Value: kind, Type: {}, Offset: offset, Struct: '', Field: '' },
  };
}

/** `input[key].(float64)` in Go: only JSON numbers pass, a numeric string does not. */
export function goFloatField(input: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = Object.hasOwn(input, key) ? input[key] : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** `input[key].(string)` in Go. */
export function goStringField(input: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = Object.hasOwn(input, key) ? input[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * `uint64(f)` in Go on amd64: fractions are dropped (4.7 → 4), negatives in int64 range wrap, and
 * anything else out of range becomes 1<<63.
 */
export function goUint64FromFloat(value: number): bigint {
  const truncated = Math.trunc(value);
  if (truncated >= 0 && truncated <= Number(MAX_UINT64)) {
    const big = BigInt(truncated);
    return big > MAX_UINT64 ? 1n << 63n : big;
  }
  if (truncated < 0 && truncated >= -(2 ** 63)) return BigInt.asUintN(64, BigInt(truncated));
  return 1n << 63n;
}
