import type { Approval, ApprovalMessageRef, ApprovalStore } from './approval-store.js';

/**
 * Records where an approval's request message lives, so a decision or expiry can replace it. A
 * reference from another channel is ignored (a click elsewhere cannot point expiry at another
 * message), and a known ts is kept: it is the message with the buttons. Resolves with the approval
 * as stored, or undefined when it is unknown or the reference was ignored.
 */
export async function attachApprovalMessage(
  store: ApprovalStore,
  id: string,
  ref: ApprovalMessageRef,
): Promise<Approval | undefined> {
  const approval = await store.get(id);
  if (approval === undefined) return undefined;
  if (ref.channelId !== undefined && ref.channelId !== approval.channelId) return undefined;
  const { ts: _ts, ...rest } = ref;
  return store.setMessage(id, approval.message?.ts !== undefined ? rest : ref);
}
