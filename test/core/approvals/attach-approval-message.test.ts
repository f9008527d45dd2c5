import { describe, expect, it } from 'vitest';
import { InMemoryApprovalStore } from '../../../src/approvals/in-memory-approval-store.js';
import { attachApprovalMessage } from '../../../src/core/approvals/attach-approval-message.js';

async function pendingIn(channelId: string | undefined) {
  const store = new InMemoryApprovalStore({ newId: () => 'a1' });
  await store.create({
    requesterId: 'U0ONCALL',
    ...(channelId !== undefined && { channelId }),
    actionName: 'drain_store',
    params: { store_id: 3 },
    correlationId: 'c0ffee123456',
    cluster: 'default',
    createdAt: new Date('2026-11-28T18:00:00Z'),
    expiresAt: new Date('2026-11-28T18:20:00Z'),
  });
  return store;
}

describe('attachApprovalMessage', () => {
  it('records where the request was posted: its response_url, then its ts', async () => {
    const store = await pendingIn('C0INCIDENT');
    await attachApprovalMessage(store, 'a1', {
      channelId: 'C0INCIDENT',
      responseUrl: 'https://hooks.test/1',
    });
    const attached = await attachApprovalMessage(store, 'a1', {
      channelId: 'C0INCIDENT',
      ts: '1795888800.000100',
    });
    expect(attached?.message).toEqual({
      channelId: 'C0INCIDENT',
      responseUrl: 'https://hooks.test/1',
      ts: '1795888800.000100',
    });
  });

  it('ignores a message in another channel, so a click elsewhere cannot point expiry at it', async () => {
    const store = await pendingIn('C0INCIDENT');
    expect(await attachApprovalMessage(store, 'a1', { channelId: 'C0OTHER', ts: '1795888800.000900' })).toBe(
      undefined,
    );
    expect((await store.get('a1'))?.message).toBeUndefined();
  });

  it('ignores a channel for a request made outside any channel', async () => {
    const store = await pendingIn(undefined);
    expect(await attachApprovalMessage(store, 'a1', { channelId: 'C0OTHER', ts: '1795888800.000900' })).toBe(
      undefined,
    );
  });

  it('keeps the first known ts: the message with the buttons is the one to edit', async () => {
    const store = await pendingIn('C0INCIDENT');
    await attachApprovalMessage(store, 'a1', { channelId: 'C0INCIDENT', ts: '1795888800.000100' });
    const again = await attachApprovalMessage(store, 'a1', {
      channelId: 'C0INCIDENT',
      ts: '1795888800.000900',
    });
    expect(again?.message?.ts).toBe('1795888800.000100');
  });

  it('answers undefined for an approval it does not know', async () => {
    const store = await pendingIn('C0INCIDENT');
    expect(await attachApprovalMessage(store, 'nope', { channelId: 'C0INCIDENT' })).toBeUndefined();
  });
});
