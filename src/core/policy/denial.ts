import type { RiskLevel } from '../actions/action-definition.js';

/**
 * Why the policy said no, as facts rather than sentences: each front end words it (Slack with
 * `<@U…>`/`<#C…>` mentions, the console and `exec` in plain words; see wordDenial). `action` is the
 * action's definition name (`transfer_leader`), as the policy file spells it.
 */
export type Denial =
  /** No rule grants this action to this user here. */
  | {
      readonly code: 'NOT_GRANTED';
      readonly userId: string;
      readonly action: string;
      readonly riskLevel: RiskLevel;
      /** Absent outside a channel (console, exec). */
      readonly channelId?: string;
      /** The cluster the command was for. */
      readonly cluster?: string;
    }
  /** Granted, but it needs a second person and the policy names nobody who could approve. */
  | { readonly code: 'NO_APPROVERS'; readonly action: string; readonly approvalReason: string }
  /** The user's groups could not be read (Slack error or timeout): a denial, never "no groups". */
  | { readonly code: 'GROUP_LOOKUP_FAILED'; readonly userId: string; readonly action: string }
  /** An approval click by the person who asked. */
  | { readonly code: 'OWN_REQUEST'; readonly action: string }
  /** An approval click by someone the policy does not name as an approver. */
  | {
      readonly code: 'NOT_APPROVER';
      readonly userId: string;
      readonly approvers: { readonly users: readonly string[]; readonly groups: readonly string[] };
    }
  /** An approval of a request the policy in force now would deny. */
  | { readonly code: 'NO_LONGER_ALLOWED'; readonly because: Denial };

export type DenialCode = Denial['code'];

/** A rule that comes close: grants the action, but not to this user or not here. */
export interface NearRule {
  readonly rule: string;
  /** Whether the rule names the action itself or its risk level. */
  readonly grants: 'action' | 'risk';
  /** The user is in the rule's users or groups (so only the channel is wrong). */
  readonly coversUser: boolean;
  /** Undefined: any channel. */
  readonly channels?: readonly string[];
  /** Undefined: any cluster. */
  readonly clusters?: readonly string[];
}

/** What would allow it, as facts. */
export type Remedy =
  /** No rule comes close: the rule to add. */
  | {
      readonly code: 'ADD_RULE';
      readonly action: string;
      readonly riskLevel: RiskLevel;
      readonly userId: string;
      readonly channelId?: string;
      readonly cluster?: string;
    }
  /** The closest rules, best first (at most three). */
  | {
      readonly code: 'NEAR_RULES';
      readonly action: string;
      readonly riskLevel: RiskLevel;
      readonly rules: readonly NearRule[];
    }
  | { readonly code: 'ADD_APPROVERS' }
  | { readonly code: 'RETRY_GROUP_LOOKUP' };
