import type { Logger } from 'pino';
import type { ExecutionRequest, Outcome, Target } from '../engine/outcome.js';
import type { ApprovalClick, ApprovalResult } from './approval-click.js';
import { approvalExecutionRequest } from './approval-execution-request.js';
import type { ApprovalServicePorts } from './approval-service-ports.js';
import type { Approval } from './approval-store.js';
import type { ClickDecision } from './decide-click.js';
import { wordApprovalRefusal } from './word-approval-refusal.js';

export type AppliedClick =
  /** Someone else moved the approval between the read and the compare-and-set: decide again. */
  | { readonly kind: 'lost' }
  | { readonly kind: 'done'; readonly result: ApprovalResult }
  /** Approved and on record; PD has not been called yet. */
  | {
      readonly kind: 'approved';
      readonly approval: Approval;
      readonly request: ExecutionRequest;
      readonly target: Target;
    };

/**
 * Carries out a click's decision: the compare-and-set transition and its audit record, or, for a
 * refusal, the log line and (for a denial) the audit record. Never calls PD.
 */
export async function applyClick(
  ports: ApprovalServicePorts,
  click: ApprovalClick,
  decision: ClickDecision,
  clickLog: Logger,
): Promise<AppliedClick> {
  const log = clickLog.child({ cluster: decision.approval?.cluster });
  if (decision.kind === 'refused') {
    const { refusal, approval, judged } = decision;
    if (decision.lookupError !== undefined) {
      log.warn({ err: decision.lookupError }, 'user group lookup failed during approval');
    }
    if (judged !== undefined) {
      // The log and the audit record keep plain words; the clicker's front end words the facts.
      const reason = wordApprovalRefusal(refusal);
      log.info(
        {
          decision: 'approval_refused',
          code: refusal.code,
          ...(refusal.code === 'DENIED' && { denialCode: refusal.denial.code }),
          reason,
        },
        'approval click refused',
      );
      // Attempts to approve what one may not are exactly what an audit must show.
      if (refusal.code === 'DENIED' && judged.target !== undefined && approval !== undefined) {
        await ports.audit.record('denied', judged.request, judged.target, {
          approvalId: approval.id,
          by: click.by,
          reason: `${click.kind} refused: ${reason}`,
        });
      }
    }
    return { kind: 'done', result: { kind: 'refused', refusal, ...(approval && { approval }) } };
  }
  const { approval, target } = decision;
  const moved = await ports.store.transition(approval.id, decision.from, decision.to, decision.patch);
  if (!moved) return { kind: 'lost' };
  const request = approvalExecutionRequest(moved, decision.request.action, decision.request.cluster);
  const decided = { kind: 'decided', approval: moved, request, target } as const;
  if (decision.to === 'expired') {
    await ports.audit.record('expired', request, target, { approvalId: moved.id, by: click.by });
    return { kind: 'done', result: decided };
  }
  if (decision.to === 'rejected') {
    await ports.audit.record('rejected', request, target, {
      approvalId: moved.id,
      by: click.by,
      ...(click.note !== undefined && { reason: click.note }),
    });
    log.info({ decision: 'rejected' }, 'request rejected');
    return { kind: 'done', result: decided };
  }
  try {
    await ports.audit.record('approved', request, target, { approvalId: moved.id, by: click.by });
  } catch (error) {
    // Unrecorded means not run; close the approval so it cannot hang in "approved" forever.
    log.error({ err: error }, 'approval could not be recorded; not running it');
    const closed = await ports.store.transition(moved.id, 'approved', 'failed', {
      finishedAt: ports.clock.now(),
      note: 'not run: the audit record could not be written',
    });
    const outcome: Outcome = { kind: 'internal_error', request, correlationId: request.correlationId, error };
    return { kind: 'done', result: { ...decided, approval: closed ?? moved, outcome } };
  }
  return { kind: 'approved', approval: moved, request, target };
}
