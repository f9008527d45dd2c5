/**
 * Field values in the stores' Redis hashes are JSON, with dates tagged so they come back as Date.
 * Lua never decodes them (Redis' cjson rounds numbers past 14 digits, and region ids are uint64):
 * scripts compare only the raw `state` and `owner` fields.
 */
export function encodeValue(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, replaced) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : replaced;
  });
}

export function decodeValue(text: string): unknown {
  return JSON.parse(text, (_key, value) =>
    value !== null && typeof value === 'object' && typeof (value as { $date?: unknown }).$date === 'string'
      ? new Date((value as { $date: string }).$date)
      : value,
  );
}

/** [field, value, …] for HSET, skipping undefined values (absent stays absent). */
export function encodeFields(record: object, prefix = ''): string[] {
  return Object.entries(record).flatMap(([field, value]) =>
    value === undefined ? [] : [`${prefix}${field}`, encodeValue(value)],
  );
}

/** HGETALL's flat [field, value, …] reply as a map. */
export function pairsToMap(reply: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) map.set(reply[i] as string, reply[i + 1] as string);
  return map;
}

/** The fields under `prefix` (e.g. `msg:`), decoded, as one object; undefined when there are none. */
export function prefixedObject(
  fields: Map<string, string>,
  prefix: string,
): Record<string, unknown> | undefined {
  const entries = [...fields].filter(([field]) => field.startsWith(prefix));
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([field, value]) => [field.slice(prefix.length), decodeValue(value)]),
  );
}
