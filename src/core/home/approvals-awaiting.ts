import { approvalExpired } from '../approvals/approval-expired.js';
import type { Approval, ApprovalStore } from '../approvals/approval-store.js';
import { groupsReferenced, isApprover } from '../policy/evaluate-policy.js';
import type { GroupsOf } from '../policy/look-up-groups.js';
import type { Policy } from '../policy/policy.js';

export type ApprovalsAwaiting =
  | { readonly ok: true; readonly approvals: readonly Approval[] }
  /** The viewer's groups could not be read: Home says so rather than guessing who may approve. */
  | { readonly ok: false; readonly reason: 'GROUP_LOOKUP_FAILED'; readonly error: unknown };

/**
 * Pending approvals this viewer could decide, oldest first: not their own (nobody approves their own
 * request) and the policy in force names them an approver. The click itself is judged again, in
 * full, by ApprovalService; this only chooses what App Home lists.
 */
export async function approvalsAwaiting(input: {
  readonly store: Pick<ApprovalStore, 'listPending'>;
  readonly viewerId: string;
  readonly policy: Policy;
  readonly groupsOf: GroupsOf;
  readonly now: Date;
}): Promise<ApprovalsAwaiting> {
  const others = (await input.store.listPending()).filter(
    (a) => a.requesterId !== input.viewerId && !approvalExpired(a, input.now),
  );
  if (others.length === 0) return { ok: true, approvals: [] };
  const candidates = groupsReferenced(input.policy);
  let groupIds: string[] = [];
  try {
    groupIds = candidates.length === 0 ? [] : await input.groupsOf(input.viewerId, candidates);
  } catch (error) {
    return { ok: false, reason: 'GROUP_LOOKUP_FAILED', error };
  }
  // The same test the click applies first (canApprove); the rest of its checks run on the click.
  if (!isApprover(input.policy, input.viewerId, groupIds)) return { ok: true, approvals: [] };
  return { ok: true, approvals: others.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()) };
}
