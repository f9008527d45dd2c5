/**
 * The single source of truth for an action. The parser, help, modal, zod validation, policy and docs
 * are all generated from these declarations, so adding an action never touches the front ends.
 */
export type ParameterType = 'int' | 'str';

export interface ParameterDefinition {
  readonly type: ParameterType;
  readonly description: string;
  readonly required: boolean;
  /**
   * Extra constraint for `str` values. `positive_integer` keeps the value a string (IDs arrive as
   * strings at the subject) but rejects anything PD would not take as an ID.
   */
  readonly format?: 'positive_integer';
  /** Short human label for modals and messages ("Region", "Target store"). */
  readonly label?: string;
}

export type RiskLevel = 'low' | 'medium' | 'high';

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
}

export type ParamValue = number | string;
export type ActionParams = Readonly<Record<string, ParamValue>>;

/** What users type: `transfer_leader` → `transfer-leader`. */
export function commandName(definition: Pick<ActionDefinition, 'name'>): string {
  return definition.name.replaceAll('_', '-');
}

export function parameterNames(definition: ActionDefinition): string[] {
  return Object.keys(definition.parameters);
}
