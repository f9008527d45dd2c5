import { describe, expect, it } from 'vitest';
import {
  type ApprovalStore,
  InvalidApprovalTransitionError,
  type NewApproval,
} from '../../src/core/approvals/approval-store.js';

export const T0 = new Date('2025-01-02T03:00:00Z');
export const REQUEST: NewApproval = {
  requesterId: 'U0ALICE',
  channelId: 'C0INCIDENT',
  actionName: 'transfer_peer',
  params: { region_id: 42, from_store_id: 1, to_store_id: 4 },
  correlationId: 'corr-1',
  createdAt: T0,
  expiresAt: new Date(T0.getTime() + 30 * 60_000),
};

/**
 * The ApprovalStore contract, for every implementation (in memory, Redis): call it from a describe
 * block with a factory that returns an empty store whose clock reads T0.
 */
export function approvalStoreContract(makeStore: () => Promise<ApprovalStore> | ApprovalStore): void {
  describe('ApprovalStore contract', () => {
    it('creates pending approvals and finds them by id', async () => {
      const s = await makeStore();
      const created = await s.create(REQUEST);
      expect(created).toEqual({ ...REQUEST, id: created.id, state: 'pending' });
      expect(created.id).not.toBe('');
      expect(await s.get(created.id)).toEqual(created);
      expect(await s.get('nope')).toBeUndefined();
      expect(await s.listPending()).toEqual([created]);
    });

    it('keeps every field as given: dates as dates, numbers and text exactly', async () => {
      const s = await makeStore();
      const request: NewApproval = {
        ...REQUEST,
        params: { region_id: 9_007_199_254_740_991, note: 'ünïcødé "quoted"', to_store_id: '4' },
        cluster: 'prod-east',
        undoOf: 'corr-0',
        message: { channelId: 'C0INCIDENT', responseUrl: 'https://hooks.slack.test/a' },
      };
      const created = await s.create(request);
      expect(await s.get(created.id)).toEqual({ ...request, id: created.id, state: 'pending' });
      expect((await s.get(created.id))?.createdAt).toBeInstanceOf(Date);
    });

    it('lets exactly one of two concurrent approvals win', async () => {
      const s = await makeStore();
      const { id } = await s.create(REQUEST);
      const decidedAt = new Date(T0.getTime() + 1000);
      const results = await Promise.all([
        s.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD', decidedAt }),
        s.transition(id, 'pending', 'approved', { decidedBy: 'U0CAROL', decidedAt }),
      ]);
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ state: 'approved', decidedAt });
      expect(await s.get(id)).toMatchObject({ state: 'approved', decidedBy: winners[0]?.decidedBy });
    });

    it('lets exactly one of twenty concurrent approvals and rejections win', async () => {
      const s = await makeStore();
      const { id } = await s.create(REQUEST);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          s.transition(id, 'pending', i % 2 === 0 ? 'approved' : 'rejected', { decidedBy: `U${i}` }),
        ),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await s.get(id)).toEqual(winners[0]);
    });

    it('runs an approval through to executed, once', async () => {
      const s = await makeStore();
      const { id } = await s.create(REQUEST);
      await s.transition(id, 'pending', 'approved', { decidedBy: 'U0LEAD' });
      const finishedAt = new Date(T0.getTime() + 2000);
      const done = await Promise.all([
        s.transition(id, 'approved', 'executed', { finishedAt }),
        s.transition(id, 'approved', 'failed', { finishedAt }),
      ]);
      expect(done.filter((d) => d !== undefined)).toHaveLength(1);
      expect(done.find((d) => d !== undefined)).toMatchObject({ decidedBy: 'U0LEAD', finishedAt });
      expect(await s.transition(id, 'pending', 'approved')).toBeUndefined();
      expect(await s.listPending()).toEqual([]);
    });

    it('answers undefined for an unknown id', async () => {
      const s = await makeStore();
      expect(await s.transition('nope', 'pending', 'approved')).toBeUndefined();
      expect(await s.setUndoOrigin('nope', { ts: '1' })).toBeUndefined();
    });

    it('refuses moves the state machine forbids', async () => {
      const s = await makeStore();
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
      const s = await makeStore();
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
      expect(await s.get(id)).toEqual(updated);
      expect(await s.setMessage('nope', {})).toBeUndefined();
    });

    it('records the message an undo button sat under, replacing any', async () => {
      const s = await makeStore();
      const { id } = await s.create(REQUEST);
      await s.setUndoOrigin(id, { channelId: 'C1', ts: '1.1', content: { blocks: [{ type: 'x' }] } });
      const updated = await s.setUndoOrigin(id, { channelId: 'C2', ts: '2.2' });
      expect(updated?.undoOrigin).toEqual({ channelId: 'C2', ts: '2.2' });
      expect((await s.get(id))?.undoOrigin).toEqual({ channelId: 'C2', ts: '2.2' });
    });

    it('lists only pending approvals, oldest first', async () => {
      const s = await makeStore();
      const first = await s.create(REQUEST);
      const second = await s.create({ ...REQUEST, createdAt: new Date(T0.getTime() + 1000) });
      const third = await s.create({ ...REQUEST, createdAt: new Date(T0.getTime() + 2000) });
      await s.transition(second.id, 'pending', 'rejected', { decidedBy: 'U0LEAD' });
      expect((await s.listPending()).map((a) => a.id)).toEqual([first.id, third.id]);
    });

    it('lists approvals claimed for a run and not finished', async () => {
      const s = await makeStore();
      const running = await s.create(REQUEST);
      const done = await s.create(REQUEST);
      await s.create(REQUEST);
      await s.transition(running.id, 'pending', 'approved', { decidedBy: 'U0LEAD' });
      await s.transition(done.id, 'pending', 'approved', { decidedBy: 'U0LEAD' });
      await s.transition(done.id, 'approved', 'executed', { finishedAt: T0 });
      expect((await s.listApproved()).map((a) => a.id)).toEqual([running.id]);
    });
  });
}
