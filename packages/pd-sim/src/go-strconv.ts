/**
 * strconv.ParseUint / ParseInt / Atoi with Go's error text, e.g.
 * `strconv.ParseUint: parsing "abc": invalid syntax`; PD copies that text into its 400 answers.
 */
export type GoParseResult =
  | { readonly ok: true; readonly value: bigint }
  | { readonly ok: false; readonly error: string };

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_INT64 = (1n << 63n) - 1n;

export function goParseUint(text: string): GoParseResult {
  if (!/^[0-9]+$/.test(text)) return fail('ParseUint', text, 'invalid syntax');
  const value = BigInt(text);
  if (value > MAX_UINT64) return fail('ParseUint', text, 'value out of range');
  return { ok: true, value };
}

export function goParseInt(text: string, fn: 'ParseInt' | 'Atoi' = 'ParseInt'): GoParseResult {
  if (!/^[+-]?[0-9]+$/.test(text)) return fail(fn, text, 'invalid syntax');
  const value = BigInt(text);
  if (value > MAX_INT64 || value < -MAX_INT64 - 1n) return fail(fn, text, 'value out of range');
  return { ok: true, value };
}

function fail(fn: string, text: string, reason: string): GoParseResult {
  return { ok: false, error: `strconv.${fn}: parsing ${goQuote(text)}: ${reason}` };
}

/** strconv's backslash escapes; quoteChar in go-json-syntax.ts uses them too. */
export const QUOTE_ESCAPES: Record<number, string> = {
  34: '\\"',
  92: '\\\\',
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

/** strconv.Quote; non-ASCII text is treated as printable, which is all URL path variables need. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const escaped = QUOTE_ESCAPES[code];
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
