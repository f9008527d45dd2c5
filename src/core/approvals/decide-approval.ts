import type { Denial } from '../policy/denial.js';
import type { ApprovalCheck } from '../policy/evaluate-policy.js';
import { approvalExpired } from './approval-expired.js';
import type { ApprovalRefusal } from './approval-refusal.js';
import type { Approval, ApprovalPatch } from './approval-store.js';

export interface ApprovalDecisionInput {
  readonly kind: 'approve' | 'reject';
  /** Slack user ID of whoever clicked. */
  readonly by: string;
  readonly now: Date;
  /**
   * The current policy's answer for this click (see approvalPolicyCheck). Consulted for approvals
   * and for rejections by anyone but the requester, who may always withdraw their own request.
   */
  readonly policyCheck: ApprovalCheck;
  /** Optional rejection reason. */
  readonly note?: string;
}

export type ApprovalDecision =
  | {
      /** Apply with store.transition(id, from, to, patch); if that loses the race, decide again. */
      readonly kind: 'transition';
      readonly from: 'pending';
      readonly to: 'approved' | 'rejected' | 'expired';
      readonly patch: ApprovalPatch;
    }
  | {
      readonly kind: 'refused';
      /** Facts, worded by each front end (wordApprovalRefusal). */
      readonly refusal: Extract<ApprovalRefusal, { code: 'NOT_PENDING' | 'DENIED' }>;
    };

/**
 * What a click on Approve or Reject does to a request. Pure: time and the policy answer come in,
 * so the rules (expiry, no self-approval, first decision wins) are table-testable.
 */
export function decideApproval(approval: Approval, input: ApprovalDecisionInput): ApprovalDecision {
  if (approval.state !== 'pending') {
    return { kind: 'refused', refusal: { code: 'NOT_PENDING', approval } };
  }
  if (approvalExpired(approval, input.now)) {
    return { kind: 'transition', from: 'pending', to: 'expired', patch: {} };
  }
  const withdrawal = input.kind === 'reject' && input.by === approval.requesterId;
  const own =
    input.kind === 'approve'
      ? ownRequestDenial(input.by, approval.requesterId, approval.actionName)
      : undefined;
  if (own !== undefined) return { kind: 'refused', refusal: { code: 'DENIED', denial: own } };
  if (!withdrawal && !input.policyCheck.allowed) {
    return { kind: 'refused', refusal: { code: 'DENIED', denial: input.policyCheck.denial } };
  }
  const patch: ApprovalPatch = {
    decidedBy: input.by,
    decidedAt: input.now,
    ...(input.note !== undefined && { note: input.note }),
  };
  return {
    kind: 'transition',
    from: 'pending',
    to: input.kind === 'approve' ? 'approved' : 'rejected',
    patch,
  };
}

/**
 * The two-person rule: nobody approves their own request, whatever the policy says. The one place
 * it is written.
 */
function ownRequestDenial(approverId: string, requesterId: string, action: string): Denial | undefined {
  return approverId === requesterId ? { code: 'OWN_REQUEST', action } : undefined;
}
