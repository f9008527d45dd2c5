import type { ApprovalCheck } from '../policy/evaluate-policy.js';
import type { ApprovalPatch, PendingApproval } from './approval-store.js';

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

export type ApprovalRefusalCode = 'not_pending' | 'self_approval' | 'not_authorized';

export type ApprovalDecision =
  | {
      /** Apply with store.transition(id, from, to, patch); if that loses the race, decide again. */
      readonly kind: 'transition';
      readonly from: 'pending';
      readonly to: 'approved' | 'rejected' | 'expired';
      readonly patch: ApprovalPatch;
      /** For the person who clicked, e.g. "expired at … without approval". */
      readonly message: string;
    }
  | { readonly kind: 'refused'; readonly code: ApprovalRefusalCode; readonly reason: string };

/**
 * What a click on Approve or Reject does to a request. Pure: time and the policy answer come in,
 * so the rules (expiry, no self-approval, first decision wins) are table-testable.
 */
export function decideApproval(approval: PendingApproval, input: ApprovalDecisionInput): ApprovalDecision {
  if (approval.state !== 'pending') {
    return {
      kind: 'refused',
      code: 'not_pending',
      reason: `this request was ${describeApprovalState(approval)}`,
    };
  }
  if (input.now.getTime() >= approval.expiresAt.getTime()) {
    return {
      kind: 'transition',
      from: 'pending',
      to: 'expired',
      patch: {},
      message: `this request expired at ${utc(approval.expiresAt)} without approval; ask again`,
    };
  }
  const withdrawal = input.kind === 'reject' && input.by === approval.requesterId;
  if (input.kind === 'approve' && input.by === approval.requesterId) {
    return {
      kind: 'refused',
      code: 'self_approval',
      reason: `you asked for this ${approval.actionName}; someone else must approve it`,
    };
  }
  if (!withdrawal && !input.policyCheck.allowed) {
    return { kind: 'refused', code: 'not_authorized', reason: input.policyCheck.reason };
  }
  const patch: ApprovalPatch = {
    decidedBy: input.by,
    decidedAt: input.now,
    ...(input.note !== undefined && { note: input.note }),
  };
  if (input.kind === 'approve') {
    return {
      kind: 'transition',
      from: 'pending',
      to: 'approved',
      patch,
      message: `approved by <@${input.by}>`,
    };
  }
  return {
    kind: 'transition',
    from: 'pending',
    to: 'rejected',
    patch,
    message: withdrawal ? `withdrawn by <@${input.by}>` : `rejected by <@${input.by}>`,
  };
}

/** "approved by <@U0LEAD> at 2025-01-02 03:04:05 UTC and executed", for buttons clicked too late. */
export function describeApprovalState(approval: PendingApproval): string {
  const by = approval.decidedBy === undefined ? '' : ` by <@${approval.decidedBy}>`;
  const at = approval.decidedAt === undefined ? '' : ` at ${utc(approval.decidedAt)}`;
  switch (approval.state) {
    case 'pending':
      return `waiting for approval until ${utc(approval.expiresAt)}`;
    case 'approved':
      return `already approved${by}${at}; it is running`;
    case 'executed':
      return `already approved${by}${at} and executed`;
    case 'failed':
      return `already approved${by}${at}; the PD call failed`;
    case 'rejected':
      return approval.decidedBy === approval.requesterId
        ? `withdrawn${by}${at}`
        : `rejected${by}${at}${approval.note === undefined ? '' : `: ${approval.note}`}`;
    case 'expired':
      return `expired at ${utc(approval.expiresAt)} without approval`;
  }
}

function utc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
