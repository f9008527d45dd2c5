import type { RiskLevel } from '../actions/action-definition.js';

/** The policy as the evaluator sees it: defaults filled in, action names in snake_case. */
export interface PolicyRule {
  readonly name: string;
  readonly description?: string;
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Undefined: the rule applies in every channel (and outside channels, e.g. the console). */
  readonly channels?: readonly string[];
  /** Undefined: the rule applies on every cluster. Cluster names, as configured. */
  readonly clusters?: readonly string[];
  readonly actions: readonly string[];
  readonly risk: readonly RiskLevel[];
}

export interface PolicyApprovers {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

export interface PolicyApprovals {
  readonly requiredForRisk: readonly RiskLevel[];
  readonly requiredForActions: readonly string[];
  readonly ttlMinutes: number;
  readonly approvers: PolicyApprovers;
}

export interface Policy {
  readonly version: 1;
  /** Shown by `/tikv whoami` and printed at start. */
  readonly description?: string;
  /** `open`: read-only actions need no grant. `granted`: they are granted like mutating ones. */
  readonly readOnlyActions: 'open' | 'granted';
  readonly approvals: PolicyApprovals;
  readonly rules: readonly PolicyRule[];
}
