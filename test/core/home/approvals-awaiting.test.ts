import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../src/core/approvals/approval-store.js';
import { approvalsAwaiting } from '../../../src/core/home/approvals-awaiting.js';
import type { Policy } from '../../../src/core/policy/policy.js';

const NOW = new Date('2026-12-01T17:00:00Z');

const POLICY: Policy = {
  version: 1,
  readOnlyActions: 'open',
  approvals: {
    requiredForRisk: ['high'],
    requiredForActions: [],
    ttlMinutes: 20,
    approvers: { users: ['U0LEAD'], groups: ['S0SRE'] },
  },
  rules: [],
};

function approval(id: string, requesterId: string, minutesAgo: number, expiresInMinutes = 10): Approval {
  return {
    id,
    state: 'pending',
    requesterId,
    channelId: 'C0INCIDENT',
    actionName: 'drain-store',
    params: { store_id: 4 },
    correlationId: `corr-${id}`,
    cluster: 'default',
    createdAt: new Date(NOW.getTime() - minutesAgo * 60_000),
    expiresAt: new Date(NOW.getTime() + expiresInMinutes * 60_000),
  };
}

const store = (list: Approval[]) => ({ listPending: async () => list });

describe('approvalsAwaiting', () => {
  const pending = [approval('b', 'U0ONCALL', 1), approval('a', 'U0INTERN', 5), approval('own', 'U0LEAD', 2)];

  it('lists for an approver the others’ pending requests, oldest first, never their own', async () => {
    const result = await approvalsAwaiting({
      store: store(pending),
      viewerId: 'U0LEAD',
      policy: POLICY,
      groupsOf: async () => [],
      now: NOW,
    });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) throw new Error('unreachable');
    expect(result.approvals.map((a) => a.id)).toEqual(['a', 'b']);
  });

  it('lists nothing for someone the policy does not name an approver', async () => {
    const result = await approvalsAwaiting({
      store: store(pending),
      viewerId: 'U0PASSERBY',
      policy: POLICY,
      groupsOf: async () => [],
      now: NOW,
    });
    expect(result).toEqual({ ok: true, approvals: [] });
  });

  it('counts an approver by user group, and leaves out expired requests', async () => {
    const result = await approvalsAwaiting({
      store: store([...pending, approval('old', 'U0ONCALL', 30, -1)]),
      viewerId: 'U0SRE',
      policy: POLICY,
      groupsOf: async (_user, candidates) => (candidates.includes('S0SRE') ? ['S0SRE'] : []),
      now: NOW,
    });
    if (!result.ok) throw new Error('unreachable');
    expect(result.approvals.map((a) => a.id)).toEqual(['a', 'own', 'b']);
  });

  it('says the groups could not be read rather than guessing', async () => {
    const result = await approvalsAwaiting({
      store: store(pending),
      viewerId: 'U0SRE',
      policy: POLICY,
      groupsOf: async () => {
        throw new Error('ratelimited');
      },
      now: NOW,
    });
    expect(result).toMatchObject({ ok: false, reason: 'GROUP_LOOKUP_FAILED' });
  });
});
