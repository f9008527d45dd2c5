import type { ExecutionRequest, Outcome, Target } from '../engine/outcome.js';
import { applyClick } from './apply-click.js';
import type { ApprovalClick, ApprovalResult } from './approval-click.js';
import type { ApprovalServicePorts } from './approval-service-ports.js';
import type { Approval, ApprovalMessageRef, UndoOrigin } from './approval-store.js';
import { attachApprovalMessage } from './attach-approval-message.js';
import { attachUndoOrigin } from './attach-undo-origin.js';
import { closeInterruptedRuns } from './close-interrupted-runs.js';
import { decideClick } from './decide-click.js';
import { type ExpiredApproval, expireDueApprovals } from './expire-due-approvals.js';
import { requestApproval } from './request-approval.js';
import { runApproved } from './run-approved.js';

export type { ApprovalClick, ApprovalResult } from './approval-click.js';
export type { ExpiredApproval } from './expire-due-approvals.js';

/**
 * The two-person rule, in one place: requests wait here for a second person, clicks are decided
 * against the policy as it is now, and the store's compare-and-set decides races, so one approval
 * is worth exactly one PD call whatever happens: double clicks, two approvers at once, Slack retries.
 */
export class ApprovalService {
  readonly #ports: ApprovalServicePorts;

  constructor(ports: ApprovalServicePorts) {
    this.#ports = ports;
  }

  /** Holds an allowed request (already recorded as requested) until someone approves it. */
  request(
    request: ExecutionRequest,
    target: Target,
    reason: string | undefined,
  ): Promise<Extract<Outcome, { kind: 'needs_approval' }>> {
    return requestApproval(this.#ports, request, target, reason);
  }

  /** An Approve or Reject click: decide (reads only) → apply (compare-and-set, audit) → run (PD). */
  async click(click: ApprovalClick): Promise<ApprovalResult> {
    const log = this.#ports.logger.child({ approvalId: click.approvalId, by: click.by, click: click.kind });
    // A lost race re-reads and decides again, which then refuses with "already approved by …".
    for (let attempt = 0; attempt < 3; attempt++) {
      const decision = await decideClick(this.#ports, click);
      const applied = await applyClick(this.#ports, click, decision, log);
      if (applied.kind === 'lost') continue;
      if (applied.kind === 'done') return applied.result;
      return runApproved(this.#ports, applied, log);
    }
    return { kind: 'refused', refusal: { code: 'TOO_MANY_CLICKS' } };
  }

  /**
   * Expires pending requests whose time is up, and closes as interrupted the approved ones whose
   * replica died mid-run; returns both so their messages can say so.
   */
  async expireDue(): Promise<ExpiredApproval[]> {
    return [...(await expireDueApprovals(this.#ports)), ...(await closeInterruptedRuns(this.#ports))];
  }

  /** Records where the request message lives (see attachApprovalMessage for what is ignored). */
  attachMessage(id: string, ref: ApprovalMessageRef): Promise<Approval | undefined> {
    return attachApprovalMessage(this.#ports.store, id, ref);
  }

  /** Records the message an undo's button sat under (see attachUndoOrigin for what is ignored). */
  attachUndoOrigin(id: string, origin: UndoOrigin): Promise<Approval | undefined> {
    return attachUndoOrigin(this.#ports.store, id, origin);
  }
}
