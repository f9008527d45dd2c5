import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { InMemoryApprovalStore } from '../../../src/approvals/in-memory-approval-store.js';
import { wordApprovalRefusal } from '../../../src/core/approvals/word-approval-refusal.js';
import { Engine } from '../../../src/core/engine/engine.js';
import type { Safety } from '../../../src/core/engine/safety.js';
import { parsePolicy } from '../../../src/policy/load-policy.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';
import { TikvSubject } from '../../../src/subjects/tikv/tikv-subject.js';
import { LogCapture } from '../../support/log-capture.js';
import { oneCluster } from '../../support/one-cluster.js';
import { requestFor } from '../../support/outcome-fixtures.js';
import { RecordingTransport } from '../../support/recording-transport.js';
import { testSafety } from '../../support/test-safety.js';

const POLICY = `version: 1
approvals:
  required_for_risk: [high]
  approvers: { users: [U0LEAD] }
rules:
  - name: oncall
    users: [U0ONCALL]
    risk: [high]
`;

function setup(failOn: string[] = [], groupsOf?: Safety['groupsOf'], policy = POLICY) {
  const loaded = parsePolicy(
    policy,
    'p.yaml',
    TIKV_ACTIONS.map((a) => a.name),
  );
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const clock = { now: () => new Date('2026-11-28T18:00:00Z'), monotonic: () => performance.now() };
  const tested = testSafety({ policy: loaded.policy });
  const { records } = tested;
  // The store on the engine's clock, so it keeps what the engine's time says is recent.
  const safety = { ...tested.safety, approvals: new InMemoryApprovalStore({ clock }) };
  const audit = {
    record: async (r: (typeof records)[number]) => {
      if (failOn.includes(r.event))
        throw Object.assign(new Error('disk full'), { code: 'AUDIT_WRITE_FAILED' });
      records.push(r);
    },
  };
  const transport = new RecordingTransport('http://pd:2379');
  const logs = new LogCapture();
  const engine = new Engine({
    clusters: oneCluster(new TikvSubject(transport)),
    logger: pino(logs),
    clock,
    safety: { ...safety, audit, ...(groupsOf && { groupsOf }) },
  });
  return { engine, approvals: engine.approvals, logs, transport, safety, records };
}

describe('ApprovalService', () => {
  it('closes an approval as failed, without calling PD, when the approval cannot be recorded', async () => {
    const { engine, approvals, transport, safety } = setup(['approved']);
    const outcome = await engine.execute(requestFor('drain_store', { store_id: 3 }));
    if (outcome.kind !== 'needs_approval') throw new Error(`expected needs_approval, got ${outcome.kind}`);
    const result = await approvals.click({ approvalId: outcome.approvalId, kind: 'approve', by: 'U0LEAD' });
    expect(result.kind === 'decided' && result.outcome?.kind).toBe('internal_error');
    expect(transport.requests).toEqual([]);
    const stored = await safety.approvals.get(outcome.approvalId);
    expect(stored?.state).toBe('failed');
    const again = await approvals.click({ approvalId: outcome.approvalId, kind: 'approve', by: 'U0LEAD' });
    expect(again.kind).toBe('refused');
    expect(transport.requests).toEqual([]);
  });

  it('refuses to run an approval made for a cluster no longer configured', async () => {
    const { engine, approvals, transport, safety } = setup();
    const outcome = await engine.execute(requestFor('drain_store', { store_id: 3 }));
    if (outcome.kind !== 'needs_approval') throw new Error('expected needs_approval');
    // What a shared store could hold: a request for a cluster this bot's configuration no longer has.
    const other = await safety.approvals.create({
      requesterId: 'U0ONCALL',
      actionName: 'drain_store',
      params: { store_id: 3 },
      correlationId: 'x',
      cluster: 'old-west',
      createdAt: new Date('2026-11-28T18:00:00Z'),
      expiresAt: new Date('2026-11-28T18:20:00Z'),
    });
    const result = await approvals.click({ approvalId: other.id, kind: 'approve', by: 'U0LEAD' });
    expect(result.kind === 'refused' && result.refusal).toEqual({
      code: 'UNKNOWN_CLUSTER',
      cluster: 'old-west',
      known: ['default'],
    });
    expect(transport.requests).toEqual([]);
  });

  it('runs PD once when clicks decide on the same pending state: the compare-and-set picks one', async () => {
    const { engine, approvals, transport, safety, records } = setup();
    const outcome = await engine.execute(
      requestFor('transfer_peer', { region_id: 42, from_store_id: 3, to_store_id: 1 }),
    );
    if (outcome.kind !== 'needs_approval') throw new Error('expected needs_approval');
    // Every click's first read waits until all three have read, so all of them see it pending.
    const store = safety.approvals;
    const read = store.get.bind(store);
    const waiting: (() => void)[] = [];
    store.get = async (id) => {
      const approval = await read(id);
      if (waiting.length < 3) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === 3) for (const go of waiting) go();
        });
      }
      return approval;
    };
    const results = await Promise.all(
      [1, 2, 3].map(() => approvals.click({ approvalId: outcome.approvalId, kind: 'approve', by: 'U0LEAD' })),
    );
    expect(transport.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /pd/api/v1/operators']);
    expect(results.map((r) => r.kind).sort()).toEqual(['decided', 'refused', 'refused']);
    for (const r of results.filter((r) => r.kind === 'refused')) {
      if (r.kind !== 'refused') continue;
      expect(r.refusal.code).toBe('NOT_PENDING');
      expect(wordApprovalRefusal(r.refusal)).toMatch(/^this request was already approved by U0LEAD at /);
    }
    expect(records.map((r) => r.event)).toEqual(['requested', 'approval_requested', 'approved', 'executed']);
  });

  it('refuses self-approval as a structured denial, and audits and logs it in plain words', async () => {
    const { engine, approvals, logs, transport, records } = setup();
    const outcome = await engine.execute(
      requestFor('transfer_peer', { region_id: 42, from_store_id: 3, to_store_id: 1 }),
    );
    if (outcome.kind !== 'needs_approval') throw new Error('expected needs_approval');
    const result = await approvals.click({ approvalId: outcome.approvalId, kind: 'approve', by: 'U0ONCALL' });
    expect(result).toMatchObject({
      kind: 'refused',
      refusal: { code: 'DENIED', denial: { code: 'OWN_REQUEST', action: 'transfer_peer' } },
    });
    expect(transport.requests).toEqual([]);
    expect(records.at(-1)).toMatchObject({
      event: 'denied',
      userId: 'U0ONCALL',
      reason: 'approve refused: you asked for this transfer-peer; someone else must approve it',
    });
    expect(logs.find((l) => l.decision === 'approval_refused')).toEqual([
      expect.objectContaining({
        code: 'DENIED',
        denialCode: 'OWN_REQUEST',
        reason: 'you asked for this transfer-peer; someone else must approve it',
      }),
    ]);
  });

  it('refuses a non-approver with the approvers named, and audits it in plain words', async () => {
    const { engine, approvals, records } = setup();
    const outcome = await engine.execute(requestFor('drain_store', { store_id: 3 }));
    if (outcome.kind !== 'needs_approval') throw new Error('expected needs_approval');
    const result = await approvals.click({ approvalId: outcome.approvalId, kind: 'reject', by: 'U0INTERN' });
    expect(result).toMatchObject({
      kind: 'refused',
      refusal: {
        code: 'DENIED',
        denial: { code: 'NOT_APPROVER', userId: 'U0INTERN', approvers: { users: ['U0LEAD'], groups: [] } },
      },
    });
    expect(records.at(-1)?.reason).toBe('reject refused: U0INTERN is not an approver; approvers are U0LEAD');
  });

  it('refuses a click whose groups cannot be read, saying what to do', async () => {
    let slackDown = false;
    const { engine, approvals } = setup([], async () => {
      if (slackDown) throw Object.assign(new Error('ratelimited'), { code: 'GROUP_LOOKUP_FAILED' });
      return [];
    });
    const outcome = await engine.execute(requestFor('drain_store', { store_id: 3 }));
    if (outcome.kind !== 'needs_approval') throw new Error(`expected needs_approval, got ${outcome.kind}`);
    slackDown = true;
    const result = await approvals.click({ approvalId: outcome.approvalId, kind: 'approve', by: 'U0LEAD' });
    expect(result).toMatchObject({
      kind: 'refused',
      refusal: {
        code: 'DENIED',
        denial: { code: 'GROUP_LOOKUP_FAILED', userId: 'U0LEAD', action: 'drain_store' },
        remedy: { code: 'RETRY_GROUP_LOOKUP' },
      },
    });
  });

  it('approves a request granted by a rule scoped to its cluster: the re-check names the cluster', async () => {
    const scoped = `${POLICY}    clusters: [default]\n`;
    const { engine, approvals, transport } = setup([], undefined, scoped);
    const outcome = await engine.execute(
      requestFor('transfer_peer', { region_id: 42, from_store_id: 3, to_store_id: 1 }),
    );
    if (outcome.kind !== 'needs_approval') throw new Error(`expected needs_approval, got ${outcome.kind}`);
    const result = await approvals.click({ approvalId: outcome.approvalId, kind: 'approve', by: 'U0LEAD' });
    expect(result).toMatchObject({ kind: 'decided', approval: { decidedBy: 'U0LEAD' } });
    expect(transport.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /pd/api/v1/operators']);
  });

  it('refuses an approver approving their own request, though the policy names them an approver', async () => {
    const both = POLICY.replace('users: [U0ONCALL]', 'users: [U0ONCALL, U0LEAD]');
    const { engine, approvals, transport } = setup([], undefined, both);
    const asked = {
      ...requestFor('drain_store', { store_id: 3 }),
      actor: { id: 'U0LEAD', source: 'slack' },
    } as const;
    const outcome = await engine.execute(asked);
    if (outcome.kind !== 'needs_approval') throw new Error(`expected needs_approval, got ${outcome.kind}`);
    const result = await approvals.click({ approvalId: outcome.approvalId, kind: 'approve', by: 'U0LEAD' });
    expect(result).toMatchObject({
      kind: 'refused',
      refusal: { code: 'DENIED', denial: { code: 'OWN_REQUEST', action: 'drain_store' } },
    });
    expect(transport.requests).toEqual([]);
  });

  it('expires what is due, still naming a cluster that has left the config, and keeps the rest', async () => {
    const { approvals, safety, records, logs } = setup();
    const base = {
      requesterId: 'U0ONCALL',
      actionName: 'drain_store',
      params: { store_id: 3 },
      correlationId: 'x',
      createdAt: new Date('2026-11-28T17:40:00Z'),
    };
    const due = await safety.approvals.create({
      ...base,
      cluster: 'default',
      expiresAt: new Date('2026-11-28T18:00:00Z'),
    });
    const gone = await safety.approvals.create({
      ...base,
      cluster: 'old-west',
      expiresAt: new Date('2026-11-28T17:59:00Z'),
    });
    const later = await safety.approvals.create({
      ...base,
      cluster: 'default',
      expiresAt: new Date('2026-11-28T18:00:01Z'),
    });
    const expired = await approvals.expireDue();
    expect(
      expired.map((e) => [e.approval.id, e.approval.state, e.target.cluster, e.request.cluster]),
    ).toEqual([
      [due.id, 'expired', 'default', 'default'],
      [gone.id, 'expired', 'old-west', 'old-west'],
    ]);
    expect((await safety.approvals.get(later.id))?.state).toBe('pending');
    expect(records.map((r) => [r.event, r.approvalId])).toEqual([
      ['expired', due.id],
      ['expired', gone.id],
    ]);
    expect(logs.find((l) => l.decision === 'expired').map((l) => l.approvalId)).toEqual([due.id, gone.id]);
  });
});
