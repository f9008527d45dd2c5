import { describe, expect, it } from 'vitest';
import type { ActionDefinition } from '../../../src/core/actions/action-definition.js';
import {
  approvalRequirement,
  canApprove,
  describePermissions,
  evaluatePolicy,
  groupsReferenced,
  type PolicyDecision,
} from '../../../src/core/policy/evaluate-policy.js';
import { wordDenial, wordPermission, wordRemedy } from '../../../src/core/policy/word-denial.js';
import { demoPolicy } from '../../../src/policy/demo-policy.js';
import { parsePolicy } from '../../../src/policy/load-policy.js';
import type { Policy } from '../../../src/policy/policy-schema.js';
import { SLACK_DENIAL_WORDS as SLACK } from '../../../src/slack/slack-denial-words.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';

const define = (name: string, overrides: Partial<ActionDefinition>): ActionDefinition => ({
  name,
  description: name,
  parameters: {},
  riskLevel: 'low',
  requiresApproval: false,
  mutating: true,
  ...overrides,
});

const ACTIONS: Record<string, ActionDefinition> = {
  ...Object.fromEntries(TIKV_ACTIONS.map((a) => [a.name, a])),
  show_store: define('show_store', { mutating: false, riskLevel: 'read' }),
  rotate_keys: define('rotate_keys', { requiresApproval: true }),
};
const action = (name: string): ActionDefinition => {
  const found = ACTIONS[name];
  if (found === undefined) throw new Error(`no test action ${name}`);
  return found;
};

function policyFrom(yaml: string): Policy {
  const result = parsePolicy(yaml, 'test.yaml', Object.keys(ACTIONS));
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.policy;
}

const POLICY = policyFrom(`
version: 1
approvals:
  required_for_risk: [high]
  approvers: { users: [U0LEAD], groups: [S0LEADS] }
rules:
  - name: sre-oncall
    users: [U0ALICE]
    groups: [S0SRE]
    channels: [C0INCIDENT]
    actions: [transfer-leader]
  - name: leads
    groups: [S0LEADS]
    risk: [low, medium, high]
  - name: storage
    users: [U0STORE]
    channels: [C0MAINT, C0INCIDENT]
    actions: [drain_store, rotate_keys]
`);

interface Case {
  readonly name: string;
  readonly user: string;
  readonly groups?: readonly string[];
  readonly channel?: string;
  readonly action: string;
  readonly expected: Partial<PolicyDecision> & { allowed: boolean };
}

const CASES: readonly Case[] = [
  {
    name: 'a user named in a rule, in its channel',
    user: 'U0ALICE',
    channel: 'C0INCIDENT',
    action: 'transfer_leader',
    expected: { allowed: true, rule: 'sre-oncall', needsApproval: false },
  },
  {
    name: 'a member of a granted group',
    user: 'U0BOB',
    groups: ['S0SRE'],
    channel: 'C0INCIDENT',
    action: 'transfer_leader',
    expected: { allowed: true, rule: 'sre-oncall', needsApproval: false },
  },
  {
    name: 'a user no rule names',
    user: 'U0MALLORY',
    channel: 'C0INCIDENT',
    action: 'transfer_leader',
    expected: { allowed: false },
  },
  {
    name: 'a granted user in another channel',
    user: 'U0ALICE',
    channel: 'C0RANDOM',
    action: 'transfer_leader',
    expected: { allowed: false },
  },
  {
    name: 'a channel-restricted rule outside any channel (console)',
    user: 'U0ALICE',
    action: 'transfer_leader',
    expected: { allowed: false },
  },
  {
    name: 'a read-only action for anyone, anywhere',
    user: 'U0MALLORY',
    channel: 'C0RANDOM',
    action: 'show_store',
    expected: { allowed: true, needsApproval: false },
  },
  {
    name: 'a risk-level grant, medium',
    user: 'U0CAROL',
    groups: ['S0LEADS'],
    channel: 'C0RANDOM',
    action: 'transfer_leader',
    expected: { allowed: true, rule: 'leads', needsApproval: false },
  },
  {
    name: 'a risk-level grant, high: needs approval by risk',
    user: 'U0CAROL',
    groups: ['S0LEADS'],
    channel: 'C0RANDOM',
    action: 'transfer_peer',
    expected: { allowed: true, rule: 'leads', needsApproval: true },
  },
  {
    name: 'a name grant of a high-risk action still needs approval',
    user: 'U0STORE',
    channel: 'C0MAINT',
    action: 'drain_store',
    expected: { allowed: true, rule: 'storage', needsApproval: true },
  },
  {
    name: 'a low-risk action whose definition requires approval',
    user: 'U0STORE',
    channel: 'C0MAINT',
    action: 'rotate_keys',
    expected: { allowed: true, rule: 'storage', needsApproval: true },
  },
  {
    name: 'a rule that grants other actions only',
    user: 'U0STORE',
    channel: 'C0MAINT',
    action: 'transfer_leader',
    expected: { allowed: false },
  },
  {
    name: 'group membership the caller does not have',
    user: 'U0BOB',
    groups: ['S0OTHER'],
    channel: 'C0INCIDENT',
    action: 'transfer_peer',
    expected: { allowed: false },
  },
];

describe('evaluatePolicy', () => {
  it.each(CASES)('$name', ({ user, groups = [], channel, action: name, expected }) => {
    const decision = evaluatePolicy(POLICY, {
      userId: user,
      groupIds: groups,
      ...(channel !== undefined && { channelId: channel }),
      action: action(name),
      params: {},
    });
    expect(decision).toMatchObject(expected);
    if (decision.allowed && !('rule' in expected)) expect(decision.rule).toBeUndefined();
  });

  it('says what was denied, for whom and where, and which rule would allow it', () => {
    const decision = evaluatePolicy(POLICY, {
      userId: 'U0MALLORY',
      groupIds: [],
      channelId: 'C0INCIDENT',
      action: action('transfer_leader'),
      params: {},
    });
    expect(decision).toEqual({
      allowed: false,
      denial: {
        code: 'NOT_GRANTED',
        userId: 'U0MALLORY',
        action: 'transfer_leader',
        riskLevel: 'medium',
        channelId: 'C0INCIDENT',
      },
      remedy: {
        code: 'NEAR_RULES',
        action: 'transfer_leader',
        riskLevel: 'medium',
        rules: [
          { rule: 'sre-oncall', grants: 'action', coversUser: false, channels: ['C0INCIDENT'] },
          { rule: 'leads', grants: 'risk', coversUser: false },
        ],
      },
    });
    if (decision.allowed) return;
    expect(wordDenial(decision.denial, SLACK)).toBe(
      '<@U0MALLORY> may not run transfer-leader (medium risk) in <#C0INCIDENT>',
    );
    expect(wordDenial(decision.denial)).toBe(
      'U0MALLORY may not run transfer-leader (medium risk) in channel C0INCIDENT',
    );
    expect(wordRemedy(decision.remedy, SLACK)).toBe(
      'rule "sre-oncall" grants transfer_leader in <#C0INCIDENT>; you are not in its users or groups; ' +
        'or rule "leads" grants medium risk actions (transfer_leader is medium risk) in any channel; ' +
        'you are not in its users or groups',
    );
    expect(wordRemedy(decision.remedy)).toContain('grants transfer_leader in channel C0INCIDENT;');
  });

  it('tells a granted user in the wrong channel where the grant applies', () => {
    const decision = evaluatePolicy(POLICY, {
      userId: 'U0ALICE',
      groupIds: [],
      channelId: 'C0RANDOM',
      action: action('transfer_leader'),
      params: {},
    });
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(wordDenial(decision.denial, SLACK)).toBe(
      '<@U0ALICE> may not run transfer-leader (medium risk) in <#C0RANDOM>',
    );
    expect(wordRemedy(decision.remedy, SLACK)).toMatch(
      /^rule "sre-oncall" grants transfer_leader to you only in <#C0INCIDENT>; run it there/,
    );
  });

  it('says what to add when no rule grants the action at all', () => {
    const policy = policyFrom('version: 1\nrules: []\n');
    const decision = evaluatePolicy(policy, {
      userId: 'U0BOB',
      groupIds: [],
      channelId: 'C0X1',
      action: action('drain_store'),
      params: {},
    });
    expect(decision).toEqual({
      allowed: false,
      denial: {
        code: 'NOT_GRANTED',
        userId: 'U0BOB',
        action: 'drain_store',
        riskLevel: 'high',
        channelId: 'C0X1',
      },
      remedy: {
        code: 'ADD_RULE',
        action: 'drain_store',
        riskLevel: 'high',
        userId: 'U0BOB',
        channelId: 'C0X1',
      },
    });
    if (decision.allowed) return;
    expect(wordRemedy(decision.remedy)).toBe(
      'no rule grants drain_store; add a rule to the policy with actions: [drain_store] (or risk: [high]), ' +
        'users: [U0BOB], channels: [C0X1]',
    );
  });

  it('grants read-only actions only through rules when read_only_actions is granted', () => {
    const policy = policyFrom(
      'version: 1\nread_only_actions: granted\nrules:\n  - { name: ro, users: [U0ALICE], actions: [show_store] }\n',
    );
    const query = { groupIds: [], channelId: 'C0X1', action: action('show_store'), params: {} };
    expect(evaluatePolicy(policy, { ...query, userId: 'U0ALICE' })).toMatchObject({
      allowed: true,
      rule: 'ro',
    });
    expect(evaluatePolicy(policy, { ...query, userId: 'U0BOB' })).toMatchObject({ allowed: false });
  });

  it('denies an action needing approval when the policy names no approvers', () => {
    const policy = policyFrom('version: 1\nrules:\n  - { name: all, users: [U0ALICE], risk: [low] }\n');
    const decision = evaluatePolicy(policy, {
      userId: 'U0ALICE',
      groupIds: [],
      action: action('rotate_keys'),
      params: {},
    });
    expect(decision).toEqual({
      allowed: false,
      denial: {
        code: 'NO_APPROVERS',
        action: 'rotate_keys',
        approvalReason: 'rotate-keys always requires approval',
      },
      remedy: { code: 'ADD_APPROVERS' },
    });
    if (decision.allowed) return;
    expect(wordDenial(decision.denial)).toBe(
      'rotate-keys needs approval (rotate-keys always requires approval) but the policy names no approvers',
    );
    expect(wordRemedy(decision.remedy)).toContain('approvals.approvers');
  });

  it('explains why approval is needed', () => {
    expect(approvalRequirement(POLICY, action('transfer_peer'))).toBe(
      'the policy requires approval for high risk actions',
    );
    expect(approvalRequirement(POLICY, action('rotate_keys'))).toBe('rotate-keys always requires approval');
    expect(approvalRequirement(POLICY, action('transfer_leader'))).toBeUndefined();
    const byName = policyFrom(
      'version: 1\napprovals: { required_for_actions: [transfer-leader], approvers: { users: [U0LEAD] } }\nrules: []\n',
    );
    expect(approvalRequirement(byName, action('transfer_leader'))).toBe(
      'the policy requires approval for transfer-leader',
    );
  });
});

describe('canApprove', () => {
  const base = {
    approverGroupIds: [],
    channelId: 'C0INCIDENT',
    action: action('transfer_peer'),
  };

  it.each([
    { name: 'a listed approver', approverId: 'U0LEAD', groups: [], allowed: true },
    { name: 'a member of an approver group', approverId: 'U0CAROL', groups: ['S0LEADS'], allowed: true },
    { name: 'someone who is not an approver', approverId: 'U0BOB', groups: ['S0SRE'], allowed: false },
  ])('$name', ({ approverId, groups, allowed }) => {
    expect(canApprove(POLICY, { ...base, approverId, approverGroupIds: groups }).allowed).toBe(allowed);
  });

  it('names the approvers when refusing', () => {
    const check = canApprove(POLICY, { ...base, approverId: 'U0BOB' });
    expect(check).toEqual({
      allowed: false,
      denial: {
        code: 'NOT_APPROVER',
        userId: 'U0BOB',
        approvers: { users: ['U0LEAD'], groups: ['S0LEADS'] },
      },
    });
    if (check.allowed) return;
    expect(wordDenial(check.denial)).toBe(
      'U0BOB is not an approver; approvers are U0LEAD, members of user group S0LEADS',
    );
    expect(wordDenial(check.denial, SLACK)).toBe(
      '<@U0BOB> is not an approver; approvers are <@U0LEAD>, members of user group S0LEADS',
    );
  });
});

describe('describePermissions', () => {
  it('lists every action with what the caller may do here and why', () => {
    const lines = describePermissions(POLICY, {
      userId: 'U0ALICE',
      groupIds: [],
      channelId: 'C0INCIDENT',
      actions: [action('transfer_leader'), action('transfer_peer'), action('show_store')],
    });
    expect(lines).toEqual([
      {
        action: 'transfer_leader',
        riskLevel: 'medium',
        mutating: true,
        allowed: true,
        needsApproval: false,
        rule: 'sre-oncall',
      },
      {
        action: 'transfer_peer',
        riskLevel: 'high',
        mutating: true,
        allowed: false,
        needsApproval: true,
        approvalReason: 'the policy requires approval for high risk actions',
        denial: {
          code: 'NOT_GRANTED',
          userId: 'U0ALICE',
          action: 'transfer_peer',
          riskLevel: 'high',
          channelId: 'C0INCIDENT',
        },
        remedy: {
          code: 'NEAR_RULES',
          action: 'transfer_peer',
          riskLevel: 'high',
          rules: [{ rule: 'leads', grants: 'risk', coversUser: false }],
        },
      },
      {
        action: 'show_store',
        riskLevel: 'read',
        mutating: false,
        allowed: true,
        needsApproval: false,
      },
    ]);
    expect(lines.map((line) => wordPermission(line, SLACK))).toEqual([
      'granted by rule "sre-oncall"',
      '<@U0ALICE> may not run transfer-peer (high risk) in <#C0INCIDENT>',
      'read-only: open to everyone',
    ]);
  });

  it('says when an allowed action waits for approval', () => {
    const [line] = describePermissions(POLICY, {
      userId: 'U0CAROL',
      groupIds: ['S0LEADS'],
      actions: [action('drain_store')],
    });
    expect(line && wordPermission(line)).toBe(
      'granted by rule "leads"; needs approval (the policy requires approval for high risk actions)',
    );
  });
});

describe('groupsReferenced', () => {
  it('lists each group named by rules and approvers once', () => {
    expect(groupsReferenced(POLICY)).toEqual(['S0LEADS', 'S0SRE']);
  });
});

describe('demoPolicy', () => {
  it('grants every action to the console user, without approvals, and says so', () => {
    const policy = demoPolicy('alice');
    expect(policy.description).toBe('demo policy: grants every action to alice');
    // Read-only actions (health) are open to everyone without a rule; the demo rule grants the rest.
    for (const definition of TIKV_ACTIONS.filter((a) => a.mutating)) {
      expect(
        evaluatePolicy(policy, { userId: 'alice', groupIds: [], action: definition, params: {} }),
      ).toEqual({ allowed: true, rule: 'demo', needsApproval: false });
    }
    expect(
      evaluatePolicy(policy, { userId: 'bob', groupIds: [], action: action('transfer_leader'), params: {} })
        .allowed,
    ).toBe(false);
  });
});
