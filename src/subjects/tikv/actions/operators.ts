import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdRequest } from '../../../core/pd/pd-request.js';
import { parseOperatorString, parseStringList } from './operator-string.js';

/** pd-ctl `operator show` (pd-api.md §2.1): every in-flight operator as PD's operator string. */
const OPERATORS: PdRequest = { method: 'GET', path: '/pd/api/v1/operators' };

/** One row per operator, grouped by kind; alignTable bounds the rows a message shows. */
export function operatorsTable(rawBody: string): ResultTable | undefined {
  const list = parseStringList(rawBody);
  if (list === undefined) return undefined;
  const parts = list.map(parseOperatorString);
  if (parts.some((p) => p === undefined)) return undefined;
  const ops = parts as NonNullable<(typeof parts)[number]>[];
  const byKind = new Map<string, number>();
  for (const op of ops) byKind.set(op.kinds, (byKind.get(op.kinds) ?? 0) + 1);
  const kinds = [...byKind.keys()].sort();
  const sorted = [...ops].sort(
    (a, b) => a.kinds.localeCompare(b.kinds) || Number(a.regionId) - Number(b.regionId),
  );
  const counts = kinds.map((kind) => `${byKind.get(kind)} ${kind}`).join(', ');
  return {
    summary:
      ops.length === 0
        ? 'no operator in flight'
        : `${ops.length} operator${ops.length === 1 ? '' : 's'} in flight (${counts})`,
    columns: ['Kind', 'Region', 'Operator', 'What', 'Step'],
    rows: sorted.map((op) => [op.kinds, op.regionId, op.desc, op.brief, op.currentStep]),
  };
}

/** Read-only: open to everyone; a dry run shows the GET without sending it. */
export const OPERATORS_ACTION = defineAction({
  name: 'operators',
  description: 'Show the operators in flight, grouped by kind (pd-ctl `operator show`)',
  parameters: {},
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: () => ({ reads: [], decide: () => ({ sends: [OPERATORS] }) }),
  present: (response) => operatorsTable(response.rawBody),
});
