import type { PdError } from '../pd/pd-errors.js';
import type { PdResponse } from '../pd/pd-port.js';
import type { PdRequest } from '../pd/pd-request.js';
import type {
  ActionDefinition,
  ActionParams,
  ParameterDefinition,
  ParameterKind,
  PresentedError,
  UndoDeclaration,
} from './action-definition.js';
import type { PreviewAlternative } from './preview.js';

/** How a read went: PD's 2xx answer, or the PD error (HTTP or transport) it ended in. */
export type ReadResult =
  | { readonly ok: true; readonly response: PdResponse }
  | { readonly ok: false; readonly error: PdError };

/** What an action sends once it has read what it asked for, and what it wants the user to know. */
export interface PlanDecision {
  /**
   * The requests that do the action, in order: the writes of a mutating action, or the read whose
   * answer is the result of a read-only one. A dry run shows them and sends none.
   */
  readonly sends: readonly PdRequest[];
  /**
   * Set when a read the action cannot go on without failed or answered something unusable: a real
   * run ends with this error and sends nothing; a dry run says it would stop here.
   */
  readonly stop?: PdError;
  /** Dry run only (plain text that may quote PD): what the reads showed and what else could be sent. */
  readonly notes?: readonly string[];
  readonly warnings?: readonly string[];
  readonly alternatives?: readonly PreviewAlternative[];
}

/** Reads answered, in the order the plan asked for them. */
export interface PlanReads {
  readonly reads: readonly ReadResult[];
  /** Answers to `checks`; present only in a dry run, which is the only run that sends them. */
  readonly checks?: readonly ReadResult[];
}

/**
 * An action's plan for one set of parameters: pure data plus one pure function. The runner (not the
 * action) sends the reads, hands their answers to decide, and sends what it returns; in a dry run it
 * sends only the reads (bounded ones) and shows the rest.
 */
export interface ActionPlan {
  /** Sent first, in real runs and dry runs alike. */
  readonly reads: readonly PdRequest[];
  /** Sent only in a dry run, to warn before a real run (which does not send them). */
  readonly checks?: readonly PdRequest[];
  decide(answers: PlanReads): PlanDecision;
}

/** What a plan may know besides its parameters: the time, from the engine's injected clock. */
export interface PlanContext {
  readonly now: Date;
}

/** An action the engine can carry out: its declaration plus its plan. */
export interface PlannedAction extends ActionDefinition {
  plan(params: ActionParams, context: PlanContext): ActionPlan;
}

/** The TypeScript value each kind of parameter has once validated. */
interface KindValue {
  region_id: number;
  store_id: number;
  choice: string;
  duration: number;
  cluster: string;
  text: string;
}

type ValueOf<P extends ParameterDefinition> = P extends { readonly choices: readonly (infer C)[] }
  ? C
  : KindValue[P['type'] & ParameterKind];

/** The typed parameters a plan receives, inferred from the declared ones. */
export type TypedParams<D extends Readonly<Record<string, ParameterDefinition>>> = {
  readonly [K in keyof D as D[K]['required'] extends true ? K : never]: ValueOf<D[K]>;
} & {
  readonly [K in keyof D as D[K]['required'] extends true ? never : K]?: ValueOf<D[K]>;
};

/**
 * Declares an action with a plan typed from its own parameters, so a plan reads `params.store_id`
 * as a number without a cast. The one cast is here: validateParams built these params from the
 * same declaration before any plan sees them.
 */
export function defineAction<const D extends Readonly<Record<string, ParameterDefinition>>>(
  definition: Omit<ActionDefinition, 'parameters' | 'undo' | 'presentError'> & {
    readonly parameters: D;
    plan(params: TypedParams<D>, context: PlanContext): ActionPlan;
    undo?(params: TypedParams<D>): UndoDeclaration;
    presentError?(error: PdError, params: TypedParams<D>): PresentedError | undefined;
  },
): PlannedAction {
  return definition as unknown as PlannedAction;
}
