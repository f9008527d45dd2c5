import type { Logger } from 'pino';
import type { AppliedClick } from './apply-click.js';
import type { ApprovalResult } from './approval-click.js';
import type { ApprovalServicePorts } from './approval-service-ports.js';

/**
 * Runs an approved request against the cluster it was requested for (the engine's PD call, which
 * records executed or failed), then closes the approval: executed when PD did it, failed otherwise.
 */
export async function runApproved(
  ports: ApprovalServicePorts,
  approved: Extract<AppliedClick, { kind: 'approved' }>,
  clickLog: Logger,
): Promise<ApprovalResult> {
  const { approval, request, target } = approved;
  clickLog
    .child({ cluster: approval.cluster })
    .info({ decision: 'approved' }, 'request approved, running it');
  const outcome = await ports.run(request, target);
  let finished: Awaited<ReturnType<typeof ports.store.transition>>;
  try {
    finished = await ports.store.transition(
      approval.id,
      'approved',
      outcome.kind === 'ok' ? 'executed' : 'failed',
      { finishedAt: ports.clock.now() },
    );
  } catch (error) {
    // PD has answered (and the audit has it): the channel must hear what PD said, not a store error.
    // The approval stays approved, which no click can move back to a run.
    clickLog.error(
      { decision: 'approval_close_failed', approvalId: approval.id, outcome: outcome.kind, err: error },
      'PD answered but the approval could not be marked finished in the store; it stays approved and is never run again',
    );
  }
  return { kind: 'decided', approval: finished ?? approval, request, target, outcome };
}
