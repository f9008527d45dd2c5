import type { Approval, ApprovalStore, UndoOrigin } from './approval-store.js';

/**
 * Records the message whose undo button (Cancel, Undrain) asked for this approval, so that once the
 * approved undo has run the button can be taken off it. Only an undo's approval still pending, and
 * only a message in the channel it was asked in: a decided request has no more use for it, and a
 * click elsewhere cannot point the approval at another channel's message. Resolves with the
 * approval as stored, or undefined when it is unknown or the origin was ignored.
 */
export async function attachUndoOrigin(
  store: ApprovalStore,
  id: string,
  origin: UndoOrigin,
): Promise<Approval | undefined> {
  const approval = await store.get(id);
  if (approval?.undoOf === undefined || approval.state !== 'pending') return undefined;
  if (origin.channelId !== undefined && origin.channelId !== approval.channelId) return undefined;
  return store.setUndoOrigin(id, origin);
}
