import { approvalExecutionRequest } from './approval-execution-request.js';
import type { ApprovalServicePorts } from './approval-service-ports.js';
import { approvalCluster, approvalTarget } from './approval-target.js';
import type { ExpiredApproval } from './expire-due-approvals.js';

/**
 * Far longer than any run takes (a PD call is bounded by its connect and response timeouts, at most
 * 10 minutes each): an approval still "approved" this long after the click lost the replica running it.
 */
export const INTERRUPTED_RUN_AFTER_MS = 30 * 60_000;

/** Words for a run whose replica stopped between the claim and PD's recorded answer. */
export const INTERRUPTED_NOTE =
  'interrupted: the bot replica running it stopped before PD’s answer was recorded; it may or may not have reached PD';

/**
 * Closes approvals claimed for a run whose replica died before finishing (several replicas on a
 * shared store): approved → failed, with a note saying PD may or may not have acted. Never runs them
 * again: a claim is one PD call at most, so a lost answer is reported as unknown, not retried.
 */
export async function closeInterruptedRuns(ports: ApprovalServicePorts): Promise<ExpiredApproval[]> {
  const now = ports.clock.now();
  const clusterNames = ports.clusterNames();
  const closed: ExpiredApproval[] = [];
  for (const approved of await ports.store.listApproved()) {
    const since = (approved.decidedAt ?? approved.createdAt).getTime();
    if (now.getTime() - since < INTERRUPTED_RUN_AFTER_MS) continue;
    const moved = await ports.store.transition(approved.id, 'approved', 'failed', {
      finishedAt: now,
      note: INTERRUPTED_NOTE,
    });
    if (!moved) continue;
    const action = ports.actions().find((a) => a.name === moved.actionName);
    ports.logger.warn(
      {
        decision: 'approval_interrupted',
        approvalId: moved.id,
        correlationId: moved.correlationId,
        cluster: moved.cluster,
      },
      'an approved request was never finished: closed as interrupted (PD may or may not have acted)',
    );
    if (!action) continue;
    const request = approvalExecutionRequest(moved, action, approvalCluster(moved, clusterNames) ?? '');
    const { target } = approvalTarget(moved, clusterNames, ports.targetOf);
    await ports.audit
      .record('failed', request, target, { approvalId: moved.id, reason: INTERRUPTED_NOTE })
      .catch((error) =>
        ports.logger.error({ err: error, approvalId: moved.id }, 'interruption could not be recorded'),
      );
    closed.push({ approval: moved, request, target });
  }
  return closed;
}
