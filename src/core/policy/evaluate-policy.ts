import { type ActionDefinition, type ActionParams, commandName } from '../actions/action-definition.js';
import type { Denial, Remedy } from './denial.js';
import type { Policy, PolicyRule } from './policy.js';

/** The actor (the requesting user) and where they ask. `channelId` is absent outside Slack (console). */
export interface PolicyActor {
  readonly userId: string;
  /** The user's groups among those the policy mentions (see groupsReferenced). */
  readonly groupIds: readonly string[];
  readonly channelId?: string;
  /** The cluster the command is for; rules scoped to clusters apply only there. */
  readonly cluster?: string;
}

export interface PolicyQuery extends PolicyActor {
  readonly action: ActionDefinition;
  /** Not consulted by version 1; part of the signature so per-parameter rules need no API change. */
  readonly params: ActionParams;
}

export type PolicyDecision =
  | {
      readonly allowed: true;
      /** The granting rule; absent when the action is read-only and read-only actions are open. */
      readonly rule?: string;
      readonly needsApproval: boolean;
      /** Why approval is needed, e.g. "the policy requires approval for high risk actions". */
      readonly approvalReason?: string;
    }
  | {
      readonly allowed: false;
      /** What was denied, for whom, where: facts for each front end to word (see wordDenial). */
      readonly denial: Denial;
      /** Which rule would allow it, or what to add to the policy (see wordRemedy). */
      readonly remedy: Remedy;
    };

/** Why the action needs a second person (plain words), or undefined when it does not. */
export function approvalRequirement(policy: Policy, action: ActionDefinition): string | undefined {
  if (action.requiresApproval) return `${commandName(action)} always requires approval`;
  if (policy.approvals.requiredForActions.includes(action.name)) {
    return `the policy requires approval for ${commandName(action)}`;
  }
  if (policy.approvals.requiredForRisk.includes(action.riskLevel)) {
    return `the policy requires approval for ${action.riskLevel} risk actions`;
  }
  return undefined;
}

export function hasApprovers(policy: Policy): boolean {
  const { users, groups } = policy.approvals.approvers;
  return users.length + groups.length > 0;
}

function ruleCoversAction(rule: PolicyRule, action: ActionDefinition): boolean {
  return rule.actions.includes(action.name) || rule.risk.includes(action.riskLevel);
}

function ruleCoversUser(rule: PolicyRule, actor: PolicyActor): boolean {
  return rule.users.includes(actor.userId) || rule.groups.some((g) => actor.groupIds.includes(g));
}

function ruleCoversChannel(rule: PolicyRule, channelId: string | undefined): boolean {
  return rule.channels === undefined || (channelId !== undefined && rule.channels.includes(channelId));
}

function ruleCoversCluster(rule: PolicyRule, cluster: string | undefined): boolean {
  return rule.clusters === undefined || (cluster !== undefined && rule.clusters.includes(cluster));
}

/** Where the command was typed and aimed: a rule must cover both. */
function ruleCoversPlace(rule: PolicyRule, query: PolicyActor): boolean {
  return ruleCoversChannel(rule, query.channelId) && ruleCoversCluster(rule, query.cluster);
}

/**
 * The policy's answer for one command. Pure: the same inputs always give the same answer, so the
 * decision can be re-checked at approval time and table-tested.
 */
export function evaluatePolicy(policy: Policy, query: PolicyQuery): PolicyDecision {
  const { action } = query;
  const approvalReason = approvalRequirement(policy, action);
  const approval = {
    needsApproval: approvalReason !== undefined,
    ...(approvalReason !== undefined && { approvalReason }),
  };
  const open = !action.mutating && policy.readOnlyActions === 'open';
  const rule = open
    ? undefined
    : policy.rules.find(
        (r) => ruleCoversAction(r, action) && ruleCoversUser(r, query) && ruleCoversPlace(r, query),
      );
  if (!open && rule === undefined) {
    return {
      allowed: false,
      denial: {
        code: 'NOT_GRANTED',
        userId: query.userId,
        action: action.name,
        riskLevel: action.riskLevel,
        ...(query.channelId !== undefined && { channelId: query.channelId }),
        ...(query.cluster !== undefined && { cluster: query.cluster }),
      },
      remedy: remedyFor(policy, query),
    };
  }
  // Granted but nobody could ever approve it: deny now rather than leave a request nobody can act on.
  if (approvalReason !== undefined && !hasApprovers(policy)) {
    return {
      allowed: false,
      denial: { code: 'NO_APPROVERS', action: action.name, approvalReason },
      remedy: { code: 'ADD_APPROVERS' },
    };
  }
  return { allowed: true, ...(rule !== undefined && { rule: rule.name }), ...approval };
}

/** Names the closest rules first: right person in the wrong place, then right place, then neither. */
function remedyFor(policy: Policy, query: PolicyQuery): Remedy {
  const { action } = query;
  const candidates = policy.rules
    .filter((r) => ruleCoversAction(r, action))
    .map((r) => ({
      rule: r,
      score:
        (ruleCoversUser(r, query) ? 4 : 0) +
        (ruleCoversChannel(r, query.channelId) ? 1 : 0) +
        (ruleCoversCluster(r, query.cluster) ? 1 : 0),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  if (candidates.length === 0) {
    return {
      code: 'ADD_RULE',
      action: action.name,
      riskLevel: action.riskLevel,
      userId: query.userId,
      ...(query.channelId !== undefined && { channelId: query.channelId }),
      ...(query.cluster !== undefined && { cluster: query.cluster }),
    };
  }
  return {
    code: 'NEAR_RULES',
    action: action.name,
    riskLevel: action.riskLevel,
    rules: candidates.map(({ rule }) => ({
      rule: rule.name,
      grants: rule.actions.includes(action.name) ? 'action' : 'risk',
      coversUser: ruleCoversUser(rule, query),
      ...(rule.channels !== undefined && { channels: rule.channels }),
      ...(rule.clusters !== undefined && { clusters: rule.clusters }),
    })),
  };
}

export type ApprovalCheck =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** What was refused and why, for each front end to word (see wordApprovalRefusal). */
      readonly denial: Denial;
    };

export interface ApproverQuery {
  readonly approverId: string;
  readonly approverGroupIds: readonly string[];
  readonly channelId?: string;
  readonly action: ActionDefinition;
}

export function isApprover(policy: Policy, userId: string, groupIds: readonly string[]): boolean {
  const { users, groups } = policy.approvals.approvers;
  return users.includes(userId) || groups.some((g) => groupIds.includes(g));
}

/**
 * Whether the policy names this person an approver, as it is now. Nobody approves their own
 * request whatever the policy says: that rule belongs to the click itself (decideApproval).
 */
export function canApprove(policy: Policy, query: ApproverQuery): ApprovalCheck {
  if (isApprover(policy, query.approverId, query.approverGroupIds)) return { allowed: true };
  return {
    allowed: false,
    denial: { code: 'NOT_APPROVER', userId: query.approverId, approvers: policy.approvals.approvers },
  };
}

export interface ActionPermission {
  readonly action: string;
  readonly riskLevel: ActionDefinition['riskLevel'];
  readonly mutating: boolean;
  readonly allowed: boolean;
  readonly needsApproval: boolean;
  readonly rule?: string;
  /** Why approval is needed (plain words), when it is. */
  readonly approvalReason?: string;
  /** For denied actions: why, and what would allow it; each front end words them. */
  readonly denial?: Denial;
  readonly remedy?: Remedy;
}

export interface PermissionsQuery extends PolicyActor {
  readonly actions: readonly ActionDefinition[];
}

/** What the caller may run here, action by action. */
export function describePermissions(policy: Policy, query: PermissionsQuery): ActionPermission[] {
  return query.actions.map((action) => {
    const base = { action: action.name, riskLevel: action.riskLevel, mutating: action.mutating };
    const decision = evaluatePolicy(policy, { ...query, action, params: {} });
    const approvalReason = approvalRequirement(policy, action);
    const approval = {
      needsApproval: approvalReason !== undefined,
      ...(approvalReason !== undefined && { approvalReason }),
    };
    if (!decision.allowed) {
      return { ...base, allowed: false, ...approval, denial: decision.denial, remedy: decision.remedy };
    }
    return {
      ...base,
      allowed: true,
      ...approval,
      ...(decision.rule !== undefined && { rule: decision.rule }),
    };
  });
}

/** The user groups the policy mentions: the only ones worth asking Slack about. */
export function groupsReferenced(policy: Policy): string[] {
  const ids = new Set([...policy.rules.flatMap((r) => r.groups), ...policy.approvals.approvers.groups]);
  return [...ids].sort();
}
