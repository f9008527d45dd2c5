import type { ActionDefinition, ActionParams } from '../core/action-definition.js';
import type { Policy, PolicyRule } from './policy-schema.js';

/** Who is asking, and where. `channelId` is absent outside Slack (console). */
export interface PolicySubject {
  readonly userId: string;
  /** The user's groups among those the policy mentions (see groupsReferenced). */
  readonly groupIds: readonly string[];
  readonly channelId?: string;
}

export interface PolicyQuery extends PolicySubject {
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
      /** What was denied, for whom, where. */
      readonly reason: string;
      /** Which rule would allow it, or what to add to the policy. */
      readonly remedy: string;
    };

/** Everything here is Slack mrkdwn: `<@U…>` and `<#C…>` render as names for the reader. */
const user = (id: string): string => `<@${id}>`;
const channel = (id: string): string => `<#${id}>`;
// A `<!subteam^…>` mention would notify the whole group from a denial message; the ID is enough.
const group = (id: string): string => `user group ${id}`;

const where = (channelId: string | undefined): string =>
  channelId === undefined ? 'outside a channel' : `in ${channel(channelId)}`;

/** Why the action needs a second person, or undefined when it does not. */
export function approvalRequirement(policy: Policy, action: ActionDefinition): string | undefined {
  if (action.requiresApproval) return `${action.name} always requires approval`;
  if (policy.approvals.requiredForActions.includes(action.name)) {
    return `the policy requires approval for ${action.name}`;
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

function ruleCoversUser(rule: PolicyRule, subject: PolicySubject): boolean {
  return rule.users.includes(subject.userId) || rule.groups.some((g) => subject.groupIds.includes(g));
}

function ruleCoversChannel(rule: PolicyRule, channelId: string | undefined): boolean {
  return rule.channels === undefined || (channelId !== undefined && rule.channels.includes(channelId));
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
        (r) =>
          ruleCoversAction(r, action) && ruleCoversUser(r, query) && ruleCoversChannel(r, query.channelId),
      );
  if (!open && rule === undefined) {
    return {
      allowed: false,
      reason: `${user(query.userId)} may not run ${action.name} (${action.riskLevel} risk) ${where(query.channelId)}`,
      remedy: remedyFor(policy, query),
    };
  }
  // Granted but nobody could ever approve it: deny now rather than leave a request nobody can act on.
  if (approvalReason !== undefined && !hasApprovers(policy)) {
    return {
      allowed: false,
      reason: `${action.name} needs approval (${approvalReason}) but the policy names no approvers`,
      remedy: 'add users or groups under approvals.approvers in the policy file',
    };
  }
  return { allowed: true, ...(rule !== undefined && { rule: rule.name }), ...approval };
}

function grantPhrase(rule: PolicyRule, action: ActionDefinition): string {
  return rule.actions.includes(action.name)
    ? `grants ${action.name}`
    : `grants ${action.riskLevel} risk actions (${action.name} is ${action.riskLevel} risk)`;
}

function channelList(rule: PolicyRule): string {
  return rule.channels === undefined ? 'in any channel' : `in ${rule.channels.map(channel).join(', ')}`;
}

/** Names the closest rules first: right person in the wrong place, then right place, then neither. */
function remedyFor(policy: Policy, query: PolicyQuery): string {
  const { action } = query;
  const candidates = policy.rules
    .filter((r) => ruleCoversAction(r, action))
    .map((r) => ({
      rule: r,
      score: (ruleCoversUser(r, query) ? 2 : 0) + (ruleCoversChannel(r, query.channelId) ? 1 : 0),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  if (candidates.length === 0) {
    const channels = query.channelId === undefined ? '' : `, channels: [${query.channelId}]`;
    return (
      `no rule grants ${action.name}; add a rule to the policy with actions: [${action.name}] ` +
      `(or risk: [${action.riskLevel}]), users: [${query.userId}]${channels}`
    );
  }
  return candidates
    .map(({ rule }) => {
      const grant = `rule "${rule.name}" ${grantPhrase(rule, action)}`;
      if (ruleCoversUser(rule, query)) return `${grant} to you only ${channelList(rule)}; run it there`;
      return `${grant} ${channelList(rule)}; you are not in its users or groups`;
    })
    .join('; or ');
}

export type ApprovalCheck = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export interface ApproverQuery {
  readonly approverId: string;
  readonly approverGroupIds: readonly string[];
  readonly requesterId: string;
  readonly channelId?: string;
  readonly action: ActionDefinition;
}

export function isApprover(policy: Policy, userId: string, groupIds: readonly string[]): boolean {
  const { users, groups } = policy.approvals.approvers;
  return users.includes(userId) || groups.some((g) => groupIds.includes(g));
}

/** Whether this person may approve this request under the policy as it is now. */
export function canApprove(policy: Policy, query: ApproverQuery): ApprovalCheck {
  if (query.approverId === query.requesterId) {
    return {
      allowed: false,
      reason: `you asked for this ${query.action.name}; someone else must approve it`,
    };
  }
  if (isApprover(policy, query.approverId, query.approverGroupIds)) return { allowed: true };
  const { users, groups } = policy.approvals.approvers;
  const named = [...users.map(user), ...groups.map((g) => `members of ${group(g)}`)];
  return {
    allowed: false,
    reason:
      named.length === 0
        ? 'the policy names no approvers'
        : `${user(query.approverId)} is not an approver; approvers are ${named.join(', ')}`,
  };
}

export interface ActionPermission {
  readonly action: string;
  readonly riskLevel: ActionDefinition['riskLevel'];
  readonly mutating: boolean;
  readonly allowed: boolean;
  readonly needsApproval: boolean;
  readonly rule?: string;
  /** One line for `/tikv whoami` and `/tikv can <action>`. */
  readonly why: string;
  /** For denied actions: what would allow it. */
  readonly remedy?: string;
}

export interface PermissionsQuery extends PolicySubject {
  readonly actions: readonly ActionDefinition[];
}

/** What the caller may run here, action by action. */
export function describePermissions(policy: Policy, query: PermissionsQuery): ActionPermission[] {
  return query.actions.map((action) => {
    const base = { action: action.name, riskLevel: action.riskLevel, mutating: action.mutating };
    const decision = evaluatePolicy(policy, { ...query, action, params: {} });
    if (!decision.allowed) {
      const needsApproval = approvalRequirement(policy, action) !== undefined;
      return { ...base, allowed: false, needsApproval, why: decision.reason, remedy: decision.remedy };
    }
    const granted =
      decision.rule === undefined ? 'read-only: open to everyone' : `granted by rule "${decision.rule}"`;
    const why =
      decision.approvalReason === undefined
        ? granted
        : `${granted}; needs approval (${decision.approvalReason})`;
    return {
      ...base,
      allowed: true,
      needsApproval: decision.needsApproval,
      ...(decision.rule !== undefined && { rule: decision.rule }),
      why,
    };
  });
}

/** The user groups the policy mentions: the only ones worth asking Slack about. */
export function groupsReferenced(policy: Policy): string[] {
  const ids = new Set([...policy.rules.flatMap((r) => r.groups), ...policy.approvals.approvers.groups]);
  return [...ids].sort();
}
