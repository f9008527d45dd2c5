import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import { parseOperatorString, parseStringList } from './operator-string.js';

const DEFAULT_SINCE_MS = 10 * 60_000;

/** `"<operator string> (finishAt:<Go time>, duration:<dur>)"` per finished operator (§2.5). */
export function operatorHistoryTable(rawBody: string): ResultTable | undefined {
  const list = parseStringList(rawBody);
  if (list === undefined) return undefined;
  const rows: string[][] = [];
  for (const record of list) {
    const op = parseOperatorString(record);
    if (op === undefined) return undefined;
    const finished = /\(finishAt:(\S+ \S+)[^,]*, duration:([^)]*)\)$/.exec(record);
    const outcome = / timeout \(finishAt:/.test(record)
      ? 'timeout'
      : / finished \(finishAt:/.test(record)
        ? 'finished'
        : '';
    rows.push([finished?.[1] ?? '', op.regionId, op.desc, op.brief, outcome, finished?.[2] ?? '']);
  }
  // Newest first: the last minutes are what an on-call engineer came for.
  rows.reverse();
  return {
    summary: `${rows.length} operator${rows.length === 1 ? '' : 's'} finished`,
    columns: ['Finished at', 'Region', 'Operator', 'What', 'End', 'Took'],
    rows,
  };
}

/**
 * pd-ctl `operator history` (§2.5). PD takes an absolute `from` in unix seconds, so the plan turns
 * `since` into one with the engine clock's time; PD answers 500 ErrOperatorNotFound when nothing
 * finished in the window.
 */
export const OPERATOR_HISTORY = defineAction({
  name: 'operator_history',
  description: 'Show operators that finished recently (pd-ctl `operator history`); default the last 10m',
  parameters: {
    since: {
      type: 'duration',
      label: 'Since',
      description: 'How far back to look, e.g. 10m or 1h (default 10m)',
      required: false,
    },
  },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: ({ since }, { now }) => {
    const from = Math.floor((now.getTime() - (since ?? DEFAULT_SINCE_MS)) / 1000);
    return {
      reads: [],
      decide: () => ({ sends: [{ method: 'GET', path: `/pd/api/v1/operators/records?from=${from}` }] }),
    };
  },
  present: (response) => operatorHistoryTable(response.rawBody),
});
