import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicyFile, parsePolicy } from '../../src/policy/load-policy.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';

const KNOWN = TIKV_ACTIONS.map((a) => a.name);
const EXAMPLE = new URL('../../policy.example.yaml', import.meta.url).pathname;

function problemsOf(yaml: string): readonly string[] {
  const result = parsePolicy(yaml, 'p.yaml', KNOWN);
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.problems;
}

describe('policy.example.yaml', () => {
  it('is valid against the schema with the TiKV actions and the clusters of clusters.example.yaml', async () => {
    const result = await loadPolicyFile(EXAMPLE, KNOWN, ['prod-east', 'staging']);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.policy.approvals).toEqual({
      requiredForRisk: ['high'],
      requiredForActions: [],
      ttlMinutes: 20,
      approvers: { users: ['U0LEAD'], groups: ['S0SRELEADS'] },
    });
    expect(result.policy.rules.map((r) => r.name)).toEqual([
      'sre-oncall',
      'sre-leads',
      'storage-maintenance',
      'dev-staging',
    ]);
    expect(result.policy.rules[3]?.clusters).toEqual(['staging']);
    // Hyphenated names are stored as the snake_case action names.
    expect(result.policy.rules[0]?.actions).toEqual(['transfer_peer']);
  });
});

describe('parsePolicy', () => {
  it('fills in defaults and normalises action names', () => {
    const result = parsePolicy(
      'version: 1\nrules:\n  - name: r\n    users: [W0ALICE]\n    actions: [Transfer-Leader]\n',
      'p.yaml',
      KNOWN,
    );
    expect(result).toEqual({
      ok: true,
      policy: {
        version: 1,
        readOnlyActions: 'open',
        approvals: {
          requiredForRisk: [],
          requiredForActions: [],
          ttlMinutes: 20,
          approvers: { users: [], groups: [] },
        },
        rules: [{ name: 'r', users: ['W0ALICE'], groups: [], actions: ['transfer_leader'], risk: [] }],
      },
    });
  });

  it.each([
    {
      name: 'a wrong type',
      yaml: 'version: 1\napprovals:\n  ttl_minutes: thirty\nrules: []\n',
      problem: 'p.yaml:3:16: approvals.ttl_minutes: expected a number, got the text "thirty"',
    },
    {
      name: 'an unknown key',
      yaml: 'version: 1\nrules:\n  - name: r\n    users: [U0A1]\n    risk: [low]\n    chanels: [C0A1]\n',
      problem:
        'p.yaml:6:5: rules[0].chanels: unknown key "chanels" (allowed keys: name, description, users, groups, channels, clusters, actions, risk)',
    },
    {
      name: 'an unknown action',
      yaml: 'version: 1\nrules:\n  - name: r\n    users: [U0A1]\n    actions: [transfer_leader, split_region]\n',
      problem:
        'p.yaml:5:32: rules[0].actions[1]: unknown action "split_region" (known actions: transfer_leader, transfer_peer, drain_store, cancel_operator, undrain_store, health, stores, store, operators, operator, operator_history, schedulers, region, region_key, regions_check, hot)',
    },
    {
      name: 'a user name instead of a user ID',
      yaml: 'version: 1\nrules:\n  - name: r\n    users:\n      - U0A1\n      - alice\n    risk: [low]\n',
      problem:
        'p.yaml:6:9: rules[0].users[1]: "alice" is not a Slack user ID (U… or W…, from the profile menu "Copy member ID")',
    },
    {
      name: 'a channel name instead of a channel ID',
      yaml: 'version: 1\nrules:\n  - name: r\n    users: [U0A1]\n    channels: ["#incident"]\n    risk: [low]\n',
      problem:
        'p.yaml:5:16: rules[0].channels[0]: "#incident" is not a Slack channel ID (C…, G… or D…, from the channel details)',
    },
    {
      name: 'a YAML syntax error',
      yaml: 'version: 1\nrules:\n  - name: r\n    users: [U0A1\n',
      problem:
        'p.yaml:5:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
    {
      name: 'a duplicate key',
      yaml: 'version: 1\nrules: []\nrules: []\n',
      problem: 'p.yaml:3:1: YAML syntax error: Map keys must be unique',
    },
    {
      name: 'another version',
      yaml: 'version: 2\nrules: []\n',
      problem: 'p.yaml:1:10: version: unsupported version 2 (this bot reads version: 1)',
    },
    {
      name: 'a missing field',
      yaml: 'version: 1\n',
      problem: 'p.yaml:1:1: rules: is missing (expected a list)',
    },
    {
      name: 'a rule that names nobody',
      yaml: 'version: 1\nrules:\n  - name: r\n    risk: [low]\n',
      problem: 'p.yaml:3:5: rules[0]: rule "r" names no users and no groups',
    },
    {
      name: 'an empty channel list',
      yaml: 'version: 1\nrules:\n  - name: r\n    users: [U0A1]\n    channels: []\n    risk: [low]\n',
      problem:
        'p.yaml:5:15: rules[0].channels: is empty: omit channels to grant in every channel, or list channel IDs',
    },
    {
      name: 'approvals required but no approvers',
      yaml: 'version: 1\napprovals:\n  required_for_risk: [high]\nrules: []\n',
      problem:
        'p.yaml:3:3: approvals.approvers: approvals are required for some actions but no approvers are named (add users or groups)',
    },
    {
      name: 'an empty file',
      yaml: '# nothing yet\n',
      problem: 'p.yaml:1:1: the policy is empty (expected at least version: 1 and rules)',
    },
  ])('reports $name with file, line, column and field', ({ yaml, problem }) => {
    expect(problemsOf(yaml)).toEqual([problem]);
  });

  it('reports every problem at once, in file order', () => {
    const problems = problemsOf(
      [
        'version: 1',
        'rules:',
        '  - name: oncall',
        '    users: [alice]',
        '    risk: [extreme]',
        '  - name: oncall',
        '    groups: [S0SRE]',
        '    actions: [drain_store]',
      ].join('\n'),
    );
    expect(problems).toEqual([
      'p.yaml:4:13: rules[0].users[0]: "alice" is not a Slack user ID (U… or W…, from the profile menu "Copy member ID")',
      'p.yaml:5:12: rules[0].risk[0]: "extreme" is not a risk level (use low, medium or high)',
      'p.yaml:6:11: rules[1].name: "oncall" is already the name of rules[0]; rule names must be unique',
    ]);
  });
});

describe('loadPolicyFile', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('names the file in every problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-'));
    dirs.push(dir);
    const path = join(dir, 'policy.yaml');
    await writeFile(path, 'version: 1\nrules:\n  - name: r\n    groups: [sre]\n    risk: [low]\n');
    expect(await loadPolicyFile(path, KNOWN)).toEqual({
      ok: false,
      problems: [
        `${path}:4:14: rules[0].groups[0]: "sre" is not a Slack user group ID (S…, from the user group page)`,
      ],
    });
  });

  it('reports a file that cannot be read', async () => {
    const result = await loadPolicyFile('/nonexistent/policy.yaml', KNOWN);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.stringMatching(/^\/nonexistent\/policy\.yaml: cannot read the policy file: ENOENT/),
    ]);
  });
});
