import type { ExecutionRequest, Target } from '../engine/outcome.js';
import { approvalExecutionRequest } from './approval-execution-request.js';
import { approvalExpired } from './approval-expired.js';
import type { ApprovalServicePorts } from './approval-service-ports.js';
import type { Approval } from './approval-store.js';
import { approvalCluster, approvalTarget } from './approval-target.js';

export interface ExpiredApproval {
  readonly approval: Approval;
  readonly request: ExecutionRequest;
  /** The cluster it was requested for, named as stored when it has left the configuration. */
  readonly target: Target;
}

/** Expires pending requests whose time is up; returns them so their messages can say so. */
export async function expireDueApprovals(ports: ApprovalServicePorts): Promise<ExpiredApproval[]> {
  const now = ports.clock.now();
  const clusterNames = ports.clusterNames();
  const expired: ExpiredApproval[] = [];
  for (const pending of await ports.store.listPending()) {
    if (!approvalExpired(pending, now)) continue;
    const action = ports.actions().find((a) => a.name === pending.actionName);
    const moved = await ports.store.transition(pending.id, 'pending', 'expired', {});
    if (!moved) continue;
    if (!action) {
      ports.logger.warn(
        { decision: 'expired', approvalId: moved.id, action: moved.actionName },
        'approval of an unknown action expired',
      );
      continue;
    }
    const request = approvalExecutionRequest(moved, action, approvalCluster(moved, clusterNames) ?? '');
    const { target } = approvalTarget(moved, clusterNames, ports.targetOf);
    // One failed record must not stop the others from expiring; the message still goes out.
    await ports.audit
      .record('expired', request, target, { approvalId: moved.id })
      .catch((error) =>
        ports.logger.error({ err: error, approvalId: moved.id }, 'expiry could not be recorded'),
      );
    ports.logger.info(
      {
        decision: 'expired',
        approvalId: moved.id,
        correlationId: moved.correlationId,
        cluster: moved.cluster,
      },
      'approval expired',
    );
    expired.push({ approval: moved, request, target });
  }
  return expired;
}
