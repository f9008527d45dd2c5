import type { ActionDefinition } from '../actions/action-definition.js';
import { type ApprovalCheck, canApprove, evaluatePolicy } from '../policy/evaluate-policy.js';
import type { Policy } from '../policy/policy.js';
import type { Approval } from './approval-store.js';

export interface ApprovalPolicyQuery {
  readonly kind: 'approve' | 'reject';
  readonly approval: Approval;
  /** The approval's action as the running bot defines it now. */
  readonly action: ActionDefinition;
  /** The cluster the approval is pinned to: rules scoped to clusters are judged against it. */
  readonly cluster?: string;
  readonly approverId: string;
  readonly approverGroupIds: readonly string[];
  /** The requester's groups now: the request itself is re-checked before it is approved. */
  readonly requesterGroupIds: readonly string[];
}

/**
 * The `policyCheck` for decideApproval, against the policy as it is at click time: the clicker must
 * be an approver, and for an approval the requester must still be allowed to run the action there.
 * A policy reloaded between request and click therefore takes effect on pending requests too.
 */
export function approvalPolicyCheck(policy: Policy, query: ApprovalPolicyQuery): ApprovalCheck {
  const { approval } = query;
  const approver = canApprove(policy, {
    approverId: query.approverId,
    approverGroupIds: query.approverGroupIds,
    ...(approval.channelId !== undefined && { channelId: approval.channelId }),
    action: query.action,
  });
  if (!approver.allowed || query.kind === 'reject') return approver;
  const request = evaluatePolicy(policy, {
    userId: approval.requesterId,
    groupIds: query.requesterGroupIds,
    ...(approval.channelId !== undefined && { channelId: approval.channelId }),
    ...(query.cluster !== undefined && { cluster: query.cluster }),
    action: query.action,
    params: approval.params,
  });
  if (!request.allowed) {
    return { allowed: false, denial: { code: 'NO_LONGER_ALLOWED', because: request.denial } };
  }
  return { allowed: true };
}
