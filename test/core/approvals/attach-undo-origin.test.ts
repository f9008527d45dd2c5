import { describe, expect, it } from 'vitest';
import { InMemoryApprovalStore } from '../../../src/approvals/in-memory-approval-store.js';
import { attachUndoOrigin } from '../../../src/core/approvals/attach-undo-origin.js';

const ORIGIN = {
  channelId: 'C0INCIDENT',
  ts: '1795888800.000300',
  responseUrl: 'https://hooks.test/click',
  content: { text: 'transfer-leader', blocks: [{ type: 'section' }] },
};

async function pending(input: { undoOf?: string; channelId?: string }) {
  const store = new InMemoryApprovalStore({ newId: () => 'a1' });
  await store.create({
    requesterId: 'U0ONCALL',
    ...(input.channelId !== undefined && { channelId: input.channelId }),
    actionName: 'cancel_operator',
    params: { region_id: 42 },
    correlationId: 'c0ffee123456',
    cluster: 'default',
    ...(input.undoOf !== undefined && { undoOf: input.undoOf }),
    createdAt: new Date('2026-11-28T18:00:00Z'),
    expiresAt: new Date('2026-11-28T18:20:00Z'),
  });
  return store;
}

describe('attachUndoOrigin', () => {
  it("keeps the undo button's message, content and all, with an undo's pending approval", async () => {
    const store = await pending({ undoOf: 'corr0001', channelId: 'C0INCIDENT' });
    expect((await attachUndoOrigin(store, 'a1', ORIGIN))?.undoOrigin).toEqual(ORIGIN);
    expect((await store.get('a1'))?.undoOrigin).toEqual(ORIGIN);
  });

  it('ignores a message in another channel, so a click elsewhere cannot point the approval at it', async () => {
    const store = await pending({ undoOf: 'corr0001', channelId: 'C0INCIDENT' });
    expect(await attachUndoOrigin(store, 'a1', { ...ORIGIN, channelId: 'C0OTHER' })).toBeUndefined();
    expect((await store.get('a1'))?.undoOrigin).toBeUndefined();
  });

  it('ignores an approval that is no undo, or that is no longer pending, or unknown', async () => {
    const notUndo = await pending({ channelId: 'C0INCIDENT' });
    expect(await attachUndoOrigin(notUndo, 'a1', ORIGIN)).toBeUndefined();
    const decided = await pending({ undoOf: 'corr0001', channelId: 'C0INCIDENT' });
    await decided.transition('a1', 'pending', 'rejected', { decidedBy: 'U0LEAD' });
    expect(await attachUndoOrigin(decided, 'a1', ORIGIN)).toBeUndefined();
    expect((await decided.get('a1'))?.undoOrigin).toBeUndefined();
    expect(await attachUndoOrigin(decided, 'nope', ORIGIN)).toBeUndefined();
  });
});
