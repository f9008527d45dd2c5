import type { ExecutionRequest } from '../engine/outcome.js';
import type { PdRequest } from '../pd/pd-request.js';
import type { ActionDefinition, ActionParams } from './action-definition.js';
import type { PlannedAction } from './action-plan.js';

/** What an undo button under a request's result would run, and what it would send to PD. */
export interface UndoOffer {
  /** The undo action (a registered write). */
  readonly action: ActionDefinition;
  readonly params: ActionParams;
  /** The button's label ("Cancel", "Undrain"). */
  readonly label: string;
  /**
   * The writes it sends, known without asking PD: its plan reads nothing first. Undefined when the
   * plan reads first (then only a run can tell).
   */
  readonly sends?: readonly PdRequest[];
  /** What its plan warns about whatever PD says ("PD cancels any operator on the region, …"). */
  readonly warnings: readonly string[];
}

function isPlanned(action: ActionDefinition): action is PlannedAction {
  return typeof (action as Partial<PlannedAction>).plan === 'function';
}

/**
 * The undo a request's definition declares, resolved against the registered actions; undefined
 * when it declares none, or names an action no longer registered (the registry refuses that at
 * start, so this is defence only). Pure: `now` is only for the plan's context.
 */
export function undoOffer(
  request: Pick<ExecutionRequest, 'action' | 'params'>,
  find: (name: string) => ActionDefinition | undefined,
  now: Date,
): UndoOffer | undefined {
  const declared = request.action.undo?.(request.params);
  if (declared === undefined) return undefined;
  const action = find(declared.action);
  if (action === undefined || !action.mutating) return undefined;
  const base = { action, params: declared.params, label: declared.label };
  if (!isPlanned(action)) return { ...base, warnings: [] };
  const plan = action.plan(declared.params, { now });
  if (plan.reads.length > 0) return { ...base, warnings: [] };
  const decision = plan.decide({ reads: [] });
  if (decision.stop !== undefined) return { ...base, warnings: [] };
  return { ...base, sends: decision.sends, warnings: decision.warnings ?? [] };
}
