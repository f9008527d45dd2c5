/**
 * JSON text the way Go's encoding/json writes it, which JSON.stringify cannot do:
 * - bigint values are written as raw digits (PD's cluster and member IDs are above 2^53);
 * - Map values are Go maps: keys sorted as strings ("10" before "4"), unlike JS objects, which put
 *   integer-like keys first in numeric order;
 * - plain objects are Go structs: fields in declaration (insertion) order, undefined fields omitted
 *   (that is how callers express `omitempty`);
 * - strings escape <, >, & and U+2028/U+2029 like Go's HTML-safe encoder.
 */
export type GoJsonValue =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | readonly GoJsonValue[]
  | ReadonlyMap<string, GoJsonValue>
  | { readonly [key: string]: GoJsonValue };

/** Pretty form of json.MarshalIndent(v, "", "  "); unrolled/render then appends "\n" itself. */
export function goJsonIndent(value: GoJsonValue): string {
  return encode(value, '\n');
}

/** Compact form of json.Marshal / easyjson. */
export function goJsonCompact(value: GoJsonValue): string {
  return encode(value, undefined);
}

function encode(value: GoJsonValue, newline: string | undefined): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`json: unsupported value: ${value}`);
      return String(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return goJsonString(value);
  }
  const inner = newline === undefined ? undefined : `${newline}  `;
  const open = inner ?? '';
  const sep = newline === undefined ? ',' : `,${inner}`;
  const colon = newline === undefined ? ':' : ': ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item: GoJsonValue) => encode(item, inner));
    return `[${open}${items.join(sep)}${newline ?? ''}]`;
  }
  const entries: [string, GoJsonValue][] = [];
  if (value instanceof Map) {
    const keys = [...(value as ReadonlyMap<string, GoJsonValue>).keys()].sort(compareGoStrings);
    for (const key of keys) entries.push([key, (value as ReadonlyMap<string, GoJsonValue>).get(key)]);
  } else {
    for (const [key, field] of Object.entries(value as { readonly [key: string]: GoJsonValue })) {
      if (field !== undefined) entries.push([key, field]);
    }
  }
  if (entries.length === 0) return '{}';
  const fields = entries.map(([key, field]) => `${goJsonString(key)}${colon}${encode(field, inner)}`);
  return `{${open}${fields.join(sep)}${newline ?? ''}}`;
}

/** Go sorts map keys by their UTF-8 bytes; for the ASCII keys PD uses that is code-unit order. */
function compareGoStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ESCAPES: Record<number, string> = {
  34: '\\"',
  92: '\\\\',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  8: '\\b',
  12: '\\f',
  60: '\\u003c',
  62: '\\u003e',
  38: '\\u0026',
  8232: '\\u2028',
  8233: '\\u2029',
};

export function goJsonString(text: string): string {
  let out = '"';
  let clean = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let replacement = ESCAPES[code];
    if (replacement === undefined && code < 0x20) replacement = `\\u00${code.toString(16).padStart(2, '0')}`;
    if (replacement === undefined && code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      // A lone surrogate is invalid UTF-8 to Go, which writes U+FFFD instead.
      replacement = '\ufffd';
    }
    if (replacement !== undefined) {
      out += text.slice(clean, i) + replacement;
      clean = i + 1;
    }
  }
  return `${out}${text.slice(clean)}"`;
}
