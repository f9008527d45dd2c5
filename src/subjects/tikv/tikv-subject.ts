import type { ActionDefinition, ActionParams } from '../../core/actions/action-definition.js';
import type { PlannedAction } from '../../core/actions/action-plan.js';
import type { Preview } from '../../core/actions/preview.js';
import { executePlan, previewPlan } from '../../core/actions/run-plan.js';
import type { Subject } from '../../core/actions/subject.js';
import type { PdResponse, PdSendContext, PdTransport } from '../../core/pd/pd-port.js';
import { DryRunTransport } from '../../pd/dry-run-transport.js';
import { TIKV_ACTIONS } from './tikv-actions.js';

export class UnknownActionError extends Error {
  readonly code = 'UNKNOWN_ACTION';
  constructor(readonly actionName: string) {
    super(`the tikv subject has no action "${actionName}"`);
    this.name = 'UnknownActionError';
  }
}

/**
 * TiKV, reached through PD. Each action is a plan (./actions); this runs it over the transport, or,
 * for a dry run, over a DryRunTransport that lets only bounded reads reach PD.
 */
export class TikvSubject implements Subject {
  readonly name = 'tikv';
  readonly #actions: ReadonlyMap<string, PlannedAction>;

  constructor(
    readonly transport: PdTransport,
    actions: readonly PlannedAction[] = TIKV_ACTIONS,
  ) {
    this.#actions = new Map(actions.map((a) => [a.name, a]));
  }

  getActionDefinitions(): readonly ActionDefinition[] {
    return [...this.#actions.values()];
  }

  // Callers without a clock (tests, scripts) get the wall clock; the engine always passes its own.
  execute(
    action: ActionDefinition,
    params: ActionParams,
    context: PdSendContext,
    now = new Date(),
  ): Promise<PdResponse> {
    const definition = this.#actions.get(action.name);
    if (!definition) return Promise.reject(new UnknownActionError(action.name));
    return executePlan(definition.plan(params, { now }), this.transport, context);
  }

  async preview(
    action: ActionDefinition,
    params: ActionParams,
    context: PdSendContext,
    now = new Date(),
  ): Promise<Preview> {
    const definition = this.#actions.get(action.name);
    if (!definition) throw new UnknownActionError(action.name);
    return previewPlan(definition.plan(params, { now }), new DryRunTransport(this.transport), context);
  }
}
