import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import { operatorNotFound } from '../known-pd-errors.js';
import { parseOperatorString } from './operator-string.js';
import { REGION_ID } from './region-id-parameter.js';

/** pdpb.OperatorStatus names PD prints (pd-api.md §2.2); a CREATED operator prints as `5`. */
const STATUSES = ['RUNNING', 'SUCCESS', 'TIMEOUT', 'CANCEL', 'REPLACE'] as const;

/** PD's one JSON string `"status: <STATUS>, operator: <operator string>"` as a table of its steps. */
export function operatorStatusTable(rawBody: string): ResultTable | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'string') return undefined;
  const match = /^status: (\S+), operator: (.*)$/s.exec(parsed);
  if (!match) return undefined;
  const raw = match[1] ?? '';
  const status = (STATUSES as readonly string[]).includes(raw) ? raw : raw === '5' ? 'CREATED' : raw;
  const op = parseOperatorString(match[2] ?? '');
  if (op === undefined) return undefined;
  const steps = op.steps === '' ? [] : op.steps.split(/\}, (?=\d+:\{)/);
  return {
    summary: `${status}: ${op.desc} {${op.brief}} on region ${op.regionId} (kind ${op.kinds})`,
    columns: ['Step', 'Now', 'What'],
    rows: steps.map((step) => {
      const m = /^(\d+):\{(.*?)\}?$/.exec(step);
      const index = m?.[1] ?? '';
      return [index, status === 'RUNNING' && index === op.currentStep ? '→' : '', m?.[2] ?? step];
    }),
  };
}

/** pd-ctl `operator check R` (§2.2): the running operator, or the last one finished in 10 minutes. */
export const OPERATOR_ACTION = defineAction({
  name: 'operator',
  description: "Show a region's operator and its status: RUNNING, SUCCESS, TIMEOUT, CANCEL or REPLACE",
  parameters: { region_id: REGION_ID },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: ({ region_id: id }) => ({
    reads: [],
    decide: () => ({ sends: [{ method: 'GET', path: `/pd/api/v1/operators/${id}` }] }),
  }),
  present: (response) => operatorStatusTable(response.rawBody),
  presentError: (error, p) =>
    operatorNotFound(error, p.region_id) && {
      // PD keeps a finished operator's status for 10 minutes (§2.2); past that it knows of none.
      summary: `no operator on region ${p.region_id}: none running, and none finished in the last 10 minutes`,
    },
});
