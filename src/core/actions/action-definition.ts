import type { FollowUpDeclaration } from '../follow-ups/follow-up-declaration.js';
import type { PdError } from '../pd/pd-errors.js';
import type { PdResponse } from '../pd/pd-port.js';
import type { ResultTable } from './result-table.js';

/**
 * The single source of truth for an action. The parser, help, modal, zod validation, policy and docs
 * are all generated from these declarations, so adding an action never touches the front ends.
 */

/**
 * What a parameter is; each kind brings its parser, zod schema, form input and help text
 * (parameter-type.ts). IDs are numbers everywhere: params, logs, audit records, exec --json.
 */
export type ParameterKind = 'region_id' | 'store_id' | 'choice' | 'duration' | 'cluster' | 'text' | 'page';

export interface ParameterDefinition {
  readonly type: ParameterKind;
  readonly description: string;
  readonly required: boolean;
  /** Short human label for modals and messages ("Region", "Target store"). */
  readonly label?: string;
  /** For `choice`: the accepted words, in the order a form lists them. */
  readonly choices?: readonly string[];
}

/** `read` is for read-only views (never granted: open to everyone); the rest are for writes. */
export type RiskLevel = 'read' | 'low' | 'medium' | 'high';

export interface ActionDefinition {
  /** snake_case; users may type the hyphenated form. */
  readonly name: string;
  readonly description: string;
  /** Declaration order is the positional order. */
  readonly parameters: Readonly<Record<string, ParameterDefinition>>;
  readonly riskLevel: RiskLevel;
  readonly requiresApproval: boolean;
  /** Read-only actions are open to everyone; mutating ones are denied unless granted. */
  readonly mutating: boolean;
  /**
   * How PD's answer is shown. Absent: PD's raw body, as for every write. A read-only view returns a
   * small table instead, or undefined when PD's body is not what it expected (then the raw body).
   * It gets the request's parameters for what the answer alone does not say (which page to show).
   */
  present?(response: PdResponse, params?: ActionParams): ResultTable | undefined;
  /**
   * What to follow once PD accepted the write (an operator to its end, a drain to zero leaders), as
   * pure data and judges of PD's answers; absent: PD's answer is the whole story.
   */
  followUp?(params: ActionParams): FollowUpDeclaration;
  /**
   * How to back this write out, once PD has accepted it: another registered action (a write) and its
   * parameters. Slack puts it under the result as a button (Cancel, Undrain) that runs that action
   * like a typed command. The registry checks at start that it names an action whose parameters
   * validate.
   */
  undo?(params: ActionParams): UndoDeclaration;
  /**
   * Plain words for a PD error this action knows ("no operator on region 42"), shown above PD's raw
   * status and body, which are always shown too: PD stays the judge. Undefined for any other error.
   */
  presentError?(error: PdError, params: ActionParams): PresentedError | undefined;
}

/** The action that undoes another one, as its definition declares it. */
export interface UndoDeclaration {
  /** The undo action's name (registry key), e.g. `cancel_operator`. */
  readonly action: string;
  readonly params: ActionParams;
  /** The button's label: one short verb ("Cancel", "Undrain"). */
  readonly label: string;
}

/** A known PD error, in words for people. */
export interface PresentedError {
  /** One sentence, plain text (front ends escape it): "no operator on region 42". */
  readonly summary: string;
  /**
   * PD says there is nothing for this action to act on (no operator to cancel, a store that is not
   * drained): an undo button for it has no more use.
   */
  readonly nothingToDo?: true;
}

export type ParamValue = number | string;
export type ActionParams = Readonly<Record<string, ParamValue>>;

/** What users type: `transfer_leader` → `transfer-leader`. */
export function commandName(definition: Pick<ActionDefinition, 'name'>): string {
  return definition.name.replaceAll('_', '-');
}
