import { describe, expect, it } from 'vitest';
import { InMemoryApprovalStore } from '../../src/approvals/in-memory-approval-store.js';
import { InvalidApprovalTransitionError, type NewApproval } from '../../src/core/approvals/approval-store.js';

const T0 = new Date('2025-01-02T03:00:00Z');
const REQUEST: NewApproval = {
  requesterId: 'U0ALICE',
  channelId: 'C0INCIDENT',
  actionName: 'transfer_peer',
  params: { region_id: 42, from_store_id: 1, to_store_id: 4 },
  correlationId: 'corr-1',
  createdAt: T0,
  expiresAt: new Date(T0.getTime() + 30 * 60_000),
};

function store(now = T0) {
  let n = 0;
  return new InMemoryApprovalStore({ clock: { now: () => now }, newId: () => `ap-${++n}` });
}

describe('InMemoryApprovalStore', () => {
  it('creates pending approvals and finds them by id', async () => {
    const s = store();
    const created = await s.create(REQUEST);
    expect(created).toEqual({ ...REQUEST, id: 'ap-1', state: 'pending' });
    expect(await s.get('ap-1')).toEqual(created);
    expect(await s.get('nope')).toBeUndefined();
    expect(await s.listPending()).toEqual([created]);
  });

  it('lets exactly one of two concurrent approvals win', async () => {
    const s = store();
    const { id } = await s.create(REQUEST);
    const decidedAt = new Date(T0.getTime() + 1000);
    const results = await Promise.all([
      s.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD', decidedAt }),
      s.transition(id, 'pending', 'approved', { decidedBy: 'U0CAROL', decidedAt }),
    ]);
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ state: 'approved', decidedBy: 'U0LEAD' });
    expect(await s.get(id)).toMatchObject({ state: 'approved', decidedBy: 'U0LEAD' });
  });

  it('lets one of an approval and a rejection racing each other win', async () => {
    const s = store();
    const { id } = await s.create(REQUEST);
    const [approved, rejected] = await Promise.all([
      s.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD' }),
      s.transition(id, 'pending', 'rejected', { decidedBy: 'U0CAROL' }),
    ]);
    expect([approved?.state, rejected?.state]).toEqual(['approved', undefined]);
  });

  it('runs an approval through to executed, once', async () => {
    const s = store();
    const { id } = await s.create(REQUEST);
    await s.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD' });
    const finishedAt = new Date(T0.getTime() + 2000);
    const done = await Promise.all([
      s.transition(id, 'approved', 'executed', { finishedAt }),
      s.transition(id, 'approved', 'failed', { finishedAt }),
    ]);
    expect(done.map((d) => d?.state)).toEqual(['executed', undefined]);
    expect(await s.transition(id, 'pending', 'approved')).toBeUndefined();
    expect(await s.listPending()).toEqual([]);
  });

  it('answers undefined for an unknown id', async () => {
    expect(await store().transition('nope', 'pending', 'approved')).toBeUndefined();
  });

  it('refuses moves the state machine forbids', async () => {
    const s = store();
    const { id } = await s.create(REQUEST);
    await expect(s.transition(id, 'pending', 'executed')).rejects.toBeInstanceOf(
      InvalidApprovalTransitionError,
    );
    await expect(s.transition(id, 'rejected', 'pending')).rejects.toThrow(
      'an approval cannot go from rejected to pending',
    );
    expect((await s.get(id))?.state).toBe('pending');
  });

  it('records where the request message lives, whatever the state', async () => {
    const s = store();
    const { id } = await s.create(REQUEST);
    await s.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD' });
    await s.setMessage(id, { channelId: 'C0INCIDENT', ts: '1700000000.000100' });
    const updated = await s.setMessage(id, { responseUrl: 'https://hooks.slack.test/x' });
    expect(updated).toMatchObject({
      state: 'approved',
      message: {
        channelId: 'C0INCIDENT',
        ts: '1700000000.000100',
        responseUrl: 'https://hooks.slack.test/x',
      },
    });
    expect(await s.setMessage('nope', {})).toBeUndefined();
  });

  it('hands out frozen snapshots so callers cannot change stored approvals', async () => {
    const s = store();
    const created = await s.create(REQUEST);
    expect(Object.isFrozen(created)).toBe(true);
    expect(Object.isFrozen(created.params)).toBe(true);
  });

  it('forgets approvals a retention period after they expire', async () => {
    let now = T0;
    let n = 0;
    const s = new InMemoryApprovalStore({
      clock: { now: () => now },
      newId: () => `ap-${++n}`,
      retainMs: 60_000,
    });
    await s.create(REQUEST);
    now = new Date(REQUEST.expiresAt.getTime() + 60_001);
    await s.create({ ...REQUEST, expiresAt: new Date(now.getTime() + 1000) });
    expect(await s.get('ap-1')).toBeUndefined();
    expect(await s.get('ap-2')).toBeDefined();
  });
});
