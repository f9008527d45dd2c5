import { describe, expect, it } from 'vitest';
import { approvalPolicyCheck } from '../../../src/core/approvals/approval-policy-check.js';
import type { Approval } from '../../../src/core/approvals/approval-store.js';
import { decideApproval } from '../../../src/core/approvals/decide-approval.js';
import {
  describeApprovalState,
  wordApprovalRefusal,
} from '../../../src/core/approvals/word-approval-refusal.js';
import { parsePolicy } from '../../../src/policy/load-policy.js';
import type { Policy } from '../../../src/policy/policy-schema.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';

const T0 = new Date('2025-01-02T03:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const ALLOWED = { allowed: true } as const;

const PENDING: Approval = {
  id: 'ap-1',
  state: 'pending',
  requesterId: 'U0ALICE',
  channelId: 'C0INCIDENT',
  actionName: 'transfer_peer',
  params: { region_id: 42, from_store_id: 1, to_store_id: 4 },
  correlationId: 'corr-1',
  createdAt: T0,
  expiresAt: at(1800),
};

describe('decideApproval', () => {
  it('approves a pending request for an authorized approver', () => {
    expect(
      decideApproval(PENDING, { kind: 'approve', by: 'U0LEAD', now: at(60), policyCheck: ALLOWED }),
    ).toEqual({
      kind: 'transition',
      from: 'pending',
      to: 'approved',
      patch: { decidedBy: 'U0LEAD', decidedAt: at(60) },
    });
  });

  it('expires a request clicked at or after its expiry, whoever clicks', () => {
    for (const now of [at(1800), at(1801)]) {
      expect(decideApproval(PENDING, { kind: 'approve', by: 'U0LEAD', now, policyCheck: ALLOWED })).toEqual({
        kind: 'transition',
        from: 'pending',
        to: 'expired',
        patch: {},
      });
    }
    expect(
      decideApproval(PENDING, { kind: 'approve', by: 'U0LEAD', now: at(1799), policyCheck: ALLOWED }),
    ).toMatchObject({ to: 'approved' });
  });

  it('refuses self-approval even when the policy check passed, naming the command as typed', () => {
    const decision = decideApproval(PENDING, {
      kind: 'approve',
      by: 'U0ALICE',
      now: at(60),
      policyCheck: ALLOWED,
    });
    expect(decision).toEqual({
      kind: 'refused',
      refusal: { code: 'DENIED', denial: { code: 'OWN_REQUEST', action: 'transfer_peer' } },
    });
    if (decision.kind !== 'refused') throw new Error('expected a refusal');
    expect(wordApprovalRefusal(decision.refusal)).toBe(
      'you asked for this transfer-peer; someone else must approve it',
    );
  });

  it("refuses someone the current policy does not allow to approve, with the policy's denial", () => {
    const denial = {
      code: 'NOT_APPROVER',
      userId: 'U0BOB',
      approvers: { users: ['U0LEAD'], groups: [] },
    } as const;
    const policyCheck = { allowed: false, denial } as const;
    expect(decideApproval(PENDING, { kind: 'approve', by: 'U0BOB', now: at(60), policyCheck })).toEqual({
      kind: 'refused',
      refusal: { code: 'DENIED', denial },
    });
    expect(decideApproval(PENDING, { kind: 'reject', by: 'U0BOB', now: at(60), policyCheck })).toEqual({
      kind: 'refused',
      refusal: { code: 'DENIED', denial },
    });
  });

  it('lets an approver reject, with a reason, and the requester withdraw', () => {
    expect(
      decideApproval(PENDING, {
        kind: 'reject',
        by: 'U0LEAD',
        now: at(60),
        policyCheck: ALLOWED,
        note: 'not now',
      }),
    ).toEqual({
      kind: 'transition',
      from: 'pending',
      to: 'rejected',
      patch: { decidedBy: 'U0LEAD', decidedAt: at(60), note: 'not now' },
    });
    const refusedForApproval = {
      allowed: false,
      denial: { code: 'OWN_REQUEST', action: 'transfer_peer' },
    } as const;
    expect(
      decideApproval(PENDING, {
        kind: 'reject',
        by: 'U0ALICE',
        now: at(60),
        policyCheck: refusedForApproval,
      }),
    ).toMatchObject({ kind: 'transition', to: 'rejected', patch: { decidedBy: 'U0ALICE' } });
  });

  it.each([
    {
      approval: { ...PENDING, state: 'approved', decidedBy: 'U0LEAD', decidedAt: at(60) },
      reason: 'this request was already approved by U0LEAD at 2025-01-02 03:01:00 UTC; it is running',
    },
    {
      approval: { ...PENDING, state: 'executed', decidedBy: 'U0LEAD', decidedAt: at(60) },
      reason: 'this request was already approved by U0LEAD at 2025-01-02 03:01:00 UTC and executed',
    },
    {
      approval: { ...PENDING, state: 'failed', decidedBy: 'U0LEAD', decidedAt: at(60) },
      reason: 'this request was already approved by U0LEAD at 2025-01-02 03:01:00 UTC; the PD call failed',
    },
    {
      approval: {
        ...PENDING,
        state: 'rejected',
        decidedBy: 'U0CAROL',
        decidedAt: at(90),
        note: 'wrong store',
      },
      reason: 'this request was rejected by U0CAROL at 2025-01-02 03:01:30 UTC: wrong store',
    },
    {
      approval: { ...PENDING, state: 'rejected', decidedBy: 'U0ALICE', decidedAt: at(90) },
      reason: 'this request was withdrawn by U0ALICE at 2025-01-02 03:01:30 UTC',
    },
    {
      approval: { ...PENDING, state: 'expired' },
      reason: 'this request was expired at 2025-01-02 03:30:00 UTC without approval',
    },
  ] satisfies { approval: Approval; reason: string }[])(
    'refuses a second decision on a request that is $approval.state',
    ({ approval, reason }) => {
      const decision = decideApproval(approval, {
        kind: 'approve',
        by: 'U0CAROL',
        now: at(120),
        policyCheck: ALLOWED,
      });
      expect(decision).toEqual({ kind: 'refused', refusal: { code: 'NOT_PENDING', approval } });
      if (decision.kind !== 'refused') throw new Error('expected a refusal');
      expect(wordApprovalRefusal(decision.refusal)).toBe(reason);
    },
  );

  it('describes a pending request', () => {
    expect(describeApprovalState(PENDING)).toBe('waiting for approval until 2025-01-02 03:30:00 UTC');
  });
});

describe('approvalPolicyCheck', () => {
  const parsed = parsePolicy(
    [
      'version: 1',
      'approvals:',
      '  required_for_risk: [high]',
      '  approvers: { users: [U0LEAD, U0CAROL] }',
      'rules:',
      '  - { name: oncall, users: [U0ALICE], channels: [C0INCIDENT], risk: [high] }',
    ].join('\n'),
    'p.yaml',
    TIKV_ACTIONS.map((a) => a.name),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const policy: Policy = parsed.policy;
  const action = TIKV_ACTIONS.find((a) => a.name === 'transfer_peer');
  if (action === undefined) throw new Error('transfer_peer is missing');
  const base = { approval: PENDING, action, approverGroupIds: [], requesterGroupIds: [] };

  it('allows an approver when the requester is still allowed', () => {
    expect(approvalPolicyCheck(policy, { ...base, kind: 'approve', approverId: 'U0LEAD' })).toEqual({
      allowed: true,
    });
  });

  it('refuses a non-approver as a denial', () => {
    expect(approvalPolicyCheck(policy, { ...base, kind: 'approve', approverId: 'U0BOB' })).toEqual({
      allowed: false,
      denial: {
        code: 'NOT_APPROVER',
        userId: 'U0BOB',
        approvers: { users: ['U0LEAD', 'U0CAROL'], groups: [] },
      },
    });
  });

  it('refuses to approve a request the current policy no longer allows, but still lets it be rejected', () => {
    const moved = { ...base, approval: { ...PENDING, channelId: 'C0RANDOM' }, approverId: 'U0LEAD' };
    expect(approvalPolicyCheck(policy, { ...moved, kind: 'approve' })).toEqual({
      allowed: false,
      denial: {
        code: 'NO_LONGER_ALLOWED',
        because: {
          code: 'NOT_GRANTED',
          userId: 'U0ALICE',
          action: 'transfer_peer',
          riskLevel: 'high',
          channelId: 'C0RANDOM',
        },
      },
    });
    expect(approvalPolicyCheck(policy, { ...moved, kind: 'reject' })).toEqual({ allowed: true });
  });
});

describe('wordApprovalRefusal', () => {
  it('words a denial with its remedy, a lost race and a foreign cluster in plain words', () => {
    expect(
      wordApprovalRefusal({
        code: 'DENIED',
        denial: { code: 'GROUP_LOOKUP_FAILED', userId: 'U0LEAD', action: 'drain_store' },
        remedy: { code: 'RETRY_GROUP_LOOKUP' },
      }),
    ).toBe(
      'could not check your groups, so drain-store was not run; try again in a minute; if it persists, check the bot has the usergroups:read scope',
    );
    expect(
      wordApprovalRefusal({
        code: 'DENIED',
        denial: {
          code: 'NO_LONGER_ALLOWED',
          because: {
            code: 'NOT_GRANTED',
            userId: 'U0ALICE',
            action: 'transfer_peer',
            riskLevel: 'high',
            channelId: 'C0RANDOM',
          },
        },
      }),
    ).toBe(
      'the policy no longer allows this request: U0ALICE may not run transfer-peer (high risk) in channel C0RANDOM',
    );
    expect(wordApprovalRefusal({ code: 'UNKNOWN_ACTION', action: 'split_region' })).toBe(
      'the bot no longer has the action split-region',
    );
    expect(
      wordApprovalRefusal({ code: 'UNKNOWN_CLUSTER', cluster: 'old-west', known: ['prod', 'staging'] }),
    ).toBe(
      'this request was made for cluster old-west, which this bot no longer has (it has prod, staging); nothing was sent, ask again',
    );
  });
});
