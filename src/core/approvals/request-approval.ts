import type { ExecutionRequest, Outcome, Target } from '../engine/outcome.js';
import type { ApprovalServicePorts } from './approval-service-ports.js';

/**
 * Puts an allowed request on hold for a second person: stores the approval for the cluster it was
 * aimed at, records `approval_requested` before anyone hears of it, and says who may approve.
 */
export async function requestApproval(
  ports: ApprovalServicePorts,
  request: ExecutionRequest,
  target: Target,
  reason: string | undefined,
): Promise<Extract<Outcome, { kind: 'needs_approval' }>> {
  const policy = ports.policy();
  const createdAt = ports.clock.now();
  const expiresAt = new Date(createdAt.getTime() + policy.approvals.ttlMinutes * 60_000);
  const approval = await ports.store.create({
    requesterId: request.actor.id,
    ...(request.channelId !== undefined && { channelId: request.channelId }),
    actionName: request.action.name,
    params: request.params,
    correlationId: request.correlationId,
    cluster: target.cluster,
    ...(request.undoOf !== undefined && { undoOf: request.undoOf }),
    createdAt,
    expiresAt,
  });
  await ports.audit.record('approval_requested', request, target, {
    approvalId: approval.id,
    ...(reason !== undefined && { reason }),
  });
  ports.logger.info(
    {
      decision: 'approval_requested',
      correlationId: request.correlationId,
      approvalId: approval.id,
      cluster: target.cluster,
      expiresAt,
    },
    'waiting for a second person',
  );
  return {
    kind: 'needs_approval',
    request: { ...request, approvalId: approval.id },
    target,
    approvalId: approval.id,
    expiresAt,
    approvers: policy.approvals.approvers,
    reason: reason ?? 'the policy requires approval',
  };
}
