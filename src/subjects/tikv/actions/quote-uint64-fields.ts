/**
 * Rewrites `"<field>": <digits>` in PD's raw JSON as `"<field>": "<digits>"` so JSON.parse keeps the
 * exact digits. PD's member_id and cluster_id are uint64 values above 2^53 (pd-api.md §0): as JS
 * numbers, two different IDs can come out equal, so they are compared only as these strings. A key
 * inside a JSON string cannot match: its quotes there are escaped (`\"member_id\"`).
 */
export function quoteUint64Fields(rawBody: string, fields: readonly string[]): string {
  const names = fields.map((f) => f.replace(/[^A-Za-z0-9_]/g, '')).join('|');
  return rawBody.replace(new RegExp(`("(?:${names})"\\s*:\\s*)(\\d+)`, 'g'), '$1"$2"');
}
