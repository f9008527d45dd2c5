import type { ActionDefinition } from '../actions/action-definition.js';
import type { ExecutionRequest } from '../engine/outcome.js';
import type { Approval } from './approval-store.js';

/** States an approval reaches only through someone's Approve click. */
const APPROVED_STATES: ReadonlySet<Approval['state']> = new Set(['approved', 'executed', 'failed']);

/** The request an approval stands for, as it is now (approved, it carries who approved it). */
export function approvalExecutionRequest(
  approval: Approval,
  action: ActionDefinition,
  cluster: string,
): ExecutionRequest {
  return {
    action,
    params: approval.params,
    actor: { id: approval.requesterId, source: 'slack' },
    ...(approval.channelId !== undefined && { channelId: approval.channelId }),
    cluster,
    correlationId: approval.correlationId,
    ...(approval.undoOf !== undefined && { undoOf: approval.undoOf }),
    approvalId: approval.id,
    ...(approval.decidedBy !== undefined &&
      APPROVED_STATES.has(approval.state) && { approvedBy: approval.decidedBy }),
  };
}
