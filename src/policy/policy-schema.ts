import { z } from 'zod';
import { slackIdList } from '../config-file/slack-id-list.js';
import { strictObject } from '../config-file/strict-object.js';
import { versionOne } from '../config-file/version-one.js';
import type { RiskLevel } from '../core/actions/action-definition.js';
import type { Policy, PolicyApprovals } from '../core/policy/policy.js';

// The policy's shape is core's (the engine and the approval desk evaluate it); this file builds it from YAML.
export type { Policy, PolicyApprovals, PolicyApprovers, PolicyRule } from '../core/policy/policy.js';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const satisfies readonly RiskLevel[];
/** Under Slack's 30-minute response_url life, so the expiry can still replace the request message. */
export const DEFAULT_APPROVAL_TTL_MINUTES = 20;
export const MAX_APPROVAL_TTL_MINUTES = 24 * 60;

/** The approvals section of a policy that asks for none. */
export const NO_APPROVALS: PolicyApprovals = {
  requiredForRisk: [],
  requiredForActions: [],
  ttlMinutes: DEFAULT_APPROVAL_TTL_MINUTES,
  approvers: { users: [], groups: [] },
};

// Rule names end up inside Slack messages; this keeps them free of mrkdwn and mention syntax.
const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Users may write `transfer-leader` or `Transfer_Leader`; the policy stores `transfer_leader`. */
export function normalizeActionName(name: string): string {
  return name.trim().toLowerCase().replaceAll('-', '_');
}

const userIds = slackIdList('user');
const groupIds = slackIdList('group');
const channelIds = slackIdList('channel');

const riskLevels = z.array(
  z.enum(RISK_LEVELS, {
    error: (issue) => `"${String(issue.input)}" is not a risk level (use low, medium or high)`,
  }),
);

function actionNames(known: ReadonlySet<string>) {
  const list = [...known].join(', ');
  return z.array(
    z
      .string()
      .superRefine((value, ctx) => {
        if (!known.has(normalizeActionName(value))) {
          ctx.addIssue({ code: 'custom', message: `unknown action "${value}" (known actions: ${list})` });
        }
      })
      .transform(normalizeActionName),
  );
}

/** Cluster names as CLUSTERS_FILE spells them (lowercase slugs); a typo fails at start. */
function clusterNames(known: readonly string[] | undefined) {
  return z.array(
    z
      .string()
      .transform((value) => value.trim().toLowerCase())
      .superRefine((value, ctx) => {
        if (known !== undefined && !known.includes(value)) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown cluster "${value}" (known clusters: ${known.join(', ')})`,
          });
        }
      }),
  );
}

function ruleSchema(known: ReadonlySet<string>, knownClusters: readonly string[] | undefined) {
  return strictObject({
    name: z.string().regex(RULE_NAME, 'a rule name is 1–64 letters, digits, "-", "_" or "."'),
    description: z.string().optional(),
    users: userIds.default([]),
    groups: groupIds.default([]),
    channels: channelIds
      .min(1, 'is empty: omit channels to grant in every channel, or list channel IDs')
      .optional(),
    clusters: clusterNames(knownClusters)
      .min(1, 'is empty: omit clusters to grant on every cluster, or list cluster names')
      .optional(),
    actions: actionNames(known).default([]),
    risk: riskLevels.default([]),
  }).superRefine((rule, ctx) => {
    if (rule.users.length === 0 && rule.groups.length === 0) {
      ctx.addIssue({ code: 'custom', message: `rule "${rule.name}" names no users and no groups` });
    }
    if (rule.actions.length === 0 && rule.risk.length === 0) {
      ctx.addIssue({ code: 'custom', message: `rule "${rule.name}" grants no actions and no risk levels` });
    }
  });
}

function approvalsSchema(known: ReadonlySet<string>) {
  return strictObject({
    required_for_risk: riskLevels.default([]),
    required_for_actions: actionNames(known).default([]),
    ttl_minutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(MAX_APPROVAL_TTL_MINUTES, `must be at most ${MAX_APPROVAL_TTL_MINUTES} minutes (one day)`)
      .default(DEFAULT_APPROVAL_TTL_MINUTES),
    approvers: strictObject({ users: userIds.default([]), groups: groupIds.default([]) }).default({
      users: [],
      groups: [],
    }),
  }).superRefine((approvals, ctx) => {
    const required = approvals.required_for_risk.length + approvals.required_for_actions.length > 0;
    const approvers = approvals.approvers.users.length + approvals.approvers.groups.length;
    if (required && approvers === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['approvers'],
        message: 'approvals are required for some actions but no approvers are named (add users or groups)',
      });
    }
  });
}

// Runs even when a rule has other problems (zod skips refinements then), so one start shows all.
function rejectDuplicateNames(rules: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(rules)) return;
  const seen = new Map<unknown, number>();
  rules.forEach((rule: unknown, index) => {
    const name = (rule as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [index, 'name'],
      message: `"${name}" is already the name of rules[${first}]; rule names must be unique`,
    });
  });
}

/**
 * zod schema for policy version 1, in the file's snake_case, producing a {@link Policy}. Action names
 * are checked against the running bot's actions so a typo fails at start, not at the first denial.
 */
export function buildPolicySchema(
  knownActionNames: readonly string[],
  /** The configured clusters' names; rules' `clusters` must name them. Undefined: not checked. */
  knownClusterNames?: readonly string[],
): z.ZodType<Policy> {
  const known = new Set(knownActionNames.map(normalizeActionName));
  return strictObject({
    version: versionOne,
    description: z.string().optional(),
    read_only_actions: z.enum(['open', 'granted'], { error: 'must be open or granted' }).default('open'),
    approvals: approvalsSchema(known).optional(),
    rules: z
      .array(ruleSchema(known, knownClusterNames))
      .superRefine(rejectDuplicateNames, { when: () => true }),
  }).transform(
    (p): Policy => ({
      version: 1,
      ...(p.description !== undefined && { description: p.description }),
      readOnlyActions: p.read_only_actions,
      approvals: {
        requiredForRisk: p.approvals?.required_for_risk ?? [],
        requiredForActions: p.approvals?.required_for_actions ?? [],
        ttlMinutes: p.approvals?.ttl_minutes ?? DEFAULT_APPROVAL_TTL_MINUTES,
        approvers: p.approvals?.approvers ?? { users: [], groups: [] },
      },
      rules: p.rules.map((r) => ({
        name: r.name,
        ...(r.description !== undefined && { description: r.description }),
        users: r.users,
        groups: r.groups,
        ...(r.channels !== undefined && { channels: r.channels }),
        ...(r.clusters !== undefined && { clusters: r.clusters }),
        actions: r.actions,
        risk: r.risk,
      })),
    }),
  );
}
