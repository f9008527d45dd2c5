import { describe, expect, it } from 'vitest';
import { describePermissions, evaluatePolicy } from '../../../src/core/policy/evaluate-policy.js';
import { wordDenial, wordRemedy } from '../../../src/core/policy/word-denial.js';
import { parsePolicy } from '../../../src/policy/load-policy.js';
import type { Policy } from '../../../src/policy/policy-schema.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';

const ACTION_NAMES = TIKV_ACTIONS.map((a) => a.name);
const CLUSTERS = ['prod', 'staging'];
const transferLeader = TIKV_ACTIONS.find((a) => a.name === 'transfer_leader');
if (transferLeader === undefined) throw new Error('no transfer_leader');

const YAML = `version: 1
rules:
  - name: intern-on-staging
    users: [U0INTERN]
    clusters: [staging]
    actions: [transfer-leader]
`;

function policy(yaml = YAML): Policy {
  const loaded = parsePolicy(yaml, 'p.yaml', ACTION_NAMES, CLUSTERS);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.policy;
}

const ask = (cluster: string | undefined) =>
  evaluatePolicy(policy(), {
    userId: 'U0INTERN',
    groupIds: [],
    channelId: 'C0OPS',
    ...(cluster !== undefined && { cluster }),
    action: transferLeader,
    params: {},
  });

describe('policy rules scoped to clusters', () => {
  it('grants on the clusters the rule names', () => {
    expect(ask('staging')).toEqual({ allowed: true, rule: 'intern-on-staging', needsApproval: false });
  });

  it('denies elsewhere, with the cluster in the facts and the near rule naming its clusters', () => {
    const decision = ask('prod');
    expect(decision).toEqual({
      allowed: false,
      denial: {
        code: 'NOT_GRANTED',
        userId: 'U0INTERN',
        action: 'transfer_leader',
        riskLevel: 'medium',
        channelId: 'C0OPS',
        cluster: 'prod',
      },
      remedy: {
        code: 'NEAR_RULES',
        action: 'transfer_leader',
        riskLevel: 'medium',
        rules: [{ rule: 'intern-on-staging', grants: 'action', coversUser: true, clusters: ['staging'] }],
      },
    });
    if (decision.allowed) throw new Error('expected a denial');
    expect(wordDenial(decision.denial)).toBe(
      'U0INTERN may not run transfer-leader (medium risk) in channel C0OPS on cluster prod',
    );
    expect(wordRemedy(decision.remedy)).toBe(
      'rule "intern-on-staging" grants transfer_leader to you only in any channel on cluster staging; run it there',
    );
  });

  it('does not count a cluster-scoped rule when no cluster was chosen', () => {
    expect(ask(undefined).allowed).toBe(false);
  });

  it('keeps rules without clusters valid on every cluster', () => {
    const open = policy(`version: 1
rules:
  - name: anywhere
    users: [U0INTERN]
    actions: [transfer_leader]
`);
    for (const cluster of ['prod', 'staging', undefined]) {
      const decision = evaluatePolicy(open, {
        userId: 'U0INTERN',
        groupIds: [],
        ...(cluster !== undefined && { cluster }),
        action: transferLeader,
        params: {},
      });
      expect(decision.allowed).toBe(true);
    }
  });

  it('answers whoami per cluster', () => {
    const on = (cluster: string) =>
      describePermissions(policy(), {
        userId: 'U0INTERN',
        groupIds: [],
        cluster,
        actions: [transferLeader],
      })[0]?.allowed;
    expect(on('staging')).toBe(true);
    expect(on('prod')).toBe(false);
  });

  it('suggests a rule limited to the cluster when none comes close', () => {
    const decision = evaluatePolicy(policy('version: 1\nrules: []\n'), {
      userId: 'U0BOB',
      groupIds: [],
      cluster: 'prod',
      action: transferLeader,
      params: {},
    });
    if (decision.allowed) throw new Error('expected a denial');
    expect(wordRemedy(decision.remedy)).toBe(
      'no rule grants transfer_leader; add a rule to the policy with actions: [transfer_leader] (or risk: [medium]), users: [U0BOB], clusters: [prod]',
    );
  });
});

describe('the policy loader and cluster names', () => {
  it('refuses a rule naming a cluster the bot does not have, with file, line and column', () => {
    const loaded = parsePolicy(
      `version: 1
rules:
  - name: typo
    users: [U0INTERN]
    clusters: [stagign]
    actions: [transfer_leader]
`,
      'p.yaml',
      ACTION_NAMES,
      CLUSTERS,
    );
    expect(loaded).toEqual({
      ok: false,
      problems: [
        'p.yaml:5:16: rules[0].clusters[0]: unknown cluster "stagign" (known clusters: prod, staging)',
      ],
    });
  });

  it('refuses an empty clusters list: omitting it means every cluster', () => {
    const loaded = parsePolicy(
      'version: 1\nrules:\n  - name: r\n    users: [U0A]\n    clusters: []\n    actions: [transfer_leader]\n',
      'p.yaml',
      ACTION_NAMES,
      CLUSTERS,
    );
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? [] : loaded.problems).toEqual([
      'p.yaml:5:15: rules[0].clusters: is empty: omit clusters to grant on every cluster, or list cluster names',
    ]);
  });

  it('takes cluster names in any case, as --cluster does', () => {
    const loaded = parsePolicy(
      'version: 1\nrules:\n  - name: r\n    users: [U0A]\n    clusters: [Staging]\n    actions: [transfer_leader]\n',
      'p.yaml',
      ACTION_NAMES,
      CLUSTERS,
    );
    expect(loaded.ok && loaded.policy.rules[0]?.clusters).toEqual(['staging']);
  });
});
