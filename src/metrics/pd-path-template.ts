/**
 * The words PD's API paths are made of (the paths this bot sends, and their neighbours). A path
 * segment that is one of these stays; a number becomes {id} and anything else {param}, so a region
 * id, a store id, a key or a scheduler argument never becomes a label value.
 */
const STATIC_SEGMENTS = new Set([
  'pd',
  'api',
  'v1',
  'version',
  'health',
  'members',
  'leader',
  'operators',
  'records',
  'region',
  'regions',
  'id',
  'key',
  'check',
  'store',
  'stores',
  'state',
  'label',
  'weight',
  'config',
  'schedule',
  'replicate',
  'schedulers',
  'scheduler-config',
  'evict-leader-scheduler',
  'grant-leader-scheduler',
  'balance-leader-scheduler',
  'balance-region-scheduler',
  'balance-hot-region-scheduler',
  'list',
  'delete',
  'hotspot',
  'read',
  'write',
  'cluster',
  'status',
]);

/** `/pd/api/v1/operators/42?x=1` → `/pd/api/v1/operators/{id}`: bounded, whatever the input. */
export function pdPathTemplate(path: string): string {
  const [bare = ''] = path.split('?', 1);
  const segments = bare
    .split('/')
    .filter((s) => s !== '')
    // A path far longer than any PD route is cut: its length must not grow the label set either.
    .slice(0, 8)
    .map((s) => (STATIC_SEGMENTS.has(s) ? s : /^[0-9]+$/.test(s) ? '{id}' : '{param}'));
  return `/${segments.join('/')}`;
}
