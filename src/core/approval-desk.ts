import type { Logger } from 'pino';
import type { ActionDefinition } from './action-definition.js';
import { approvalPolicyCheck } from './approval-policy-check.js';
import type { ApprovalRefusal } from './approval-refusal.js';
import type { PendingApproval } from './approval-store.js';
import { decideApproval } from './decide-approval.js';
import type { Engine } from './engine.js';
import { groupsReferenced } from './evaluate-policy.js';
import type { ExecutionRequest, Outcome, Target } from './outcome.js';
import { wordApprovalRefusal } from './word-approval-refusal.js';

/** States an approval reaches only through someone's Approve click. */
const APPROVED_STATES: ReadonlySet<PendingApproval['state']> = new Set(['approved', 'executed', 'failed']);

export interface ApprovalClick {
  readonly approvalId: string;
  readonly kind: 'approve' | 'reject';
  /** Who clicked (Slack user ID). */
  readonly by: string;
  readonly note?: string;
}

export type ApprovalResult =
  /** Nothing changed; tell only the person who clicked, in the front end's words. */
  | { readonly kind: 'refused'; readonly refusal: ApprovalRefusal; readonly approval?: PendingApproval }
  /** The request moved on (approved and ran, rejected, or expired); update the message for everyone. */
  | {
      readonly kind: 'decided';
      readonly approval: PendingApproval;
      readonly request: ExecutionRequest;
      /** PD's answer when it was approved. */
      readonly outcome?: Outcome;
    };

/**
 * The two-person rule. Each click is checked against the policy as it is now, and the approval
 * store's compare-and-set decides races, so one approval is worth exactly one PD call whatever
 * happens: double clicks, two approvers at once, Slack retries.
 */
export class ApprovalDesk {
  constructor(
    private readonly engine: Engine,
    private readonly logger: Logger,
  ) {}

  async click(click: ApprovalClick): Promise<ApprovalResult> {
    const { approvals, clock } = this.engine;
    const clickLog = this.logger.child({ approvalId: click.approvalId, by: click.by, click: click.kind });
    // A lost race re-reads and decides again, which then refuses with "already approved by …".
    for (let attempt = 0; attempt < 3; attempt++) {
      const approval = await approvals.get(click.approvalId);
      if (!approval) return { kind: 'refused', refusal: { code: 'UNKNOWN_APPROVAL' } };
      const log = clickLog.child({ cluster: approval.cluster });
      const action = this.#action(approval.actionName);
      if (!action) {
        return {
          kind: 'refused',
          refusal: { code: 'UNKNOWN_ACTION', action: approval.actionName },
          approval,
        };
      }
      const policy = this.engine.policy();
      const candidates = groupsReferenced(policy);
      let approverGroupIds: string[];
      let requesterGroupIds: string[];
      try {
        [approverGroupIds, requesterGroupIds] = await Promise.all([
          this.engine.groupsOf(click.by, candidates),
          this.engine.groupsOf(approval.requesterId, candidates),
        ]);
      } catch (error) {
        log.warn({ err: error }, 'user group lookup failed during approval');
        return {
          kind: 'refused',
          refusal: {
            code: 'DENIED',
            denial: { code: 'GROUP_LOOKUP_FAILED', userId: click.by, action: action.name },
            remedy: { code: 'RETRY_GROUP_LOOKUP' },
          },
          approval,
        };
      }
      const policyCheck = approvalPolicyCheck(policy, {
        kind: click.kind,
        approval,
        action,
        approverId: click.by,
        approverGroupIds,
        requesterGroupIds,
      });
      const decision = decideApproval(approval, {
        kind: click.kind,
        by: click.by,
        now: clock.now(),
        policyCheck,
        ...(click.note !== undefined && { note: click.note }),
      });
      if (decision.kind === 'refused') {
        const { refusal } = decision;
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
        const target = this.#target(approval);
        if (refusal.code === 'DENIED' && target !== undefined) {
          await this.engine.audit.record('denied', this.#request(approval, action), target, {
            approvalId: approval.id,
            by: click.by,
            reason: `${click.kind} refused: ${reason}`,
          });
        }
        return { kind: 'refused', refusal, approval };
      }
      const target = this.#target(approval);
      // It runs against the cluster it was asked for, or not at all (that cluster left the config).
      if (target === undefined) {
        return {
          kind: 'refused',
          refusal: {
            code: 'UNKNOWN_CLUSTER',
            cluster: approval.cluster ?? '',
            known: this.engine.clusters.map((c) => c.name),
          },
          approval,
        };
      }
      const moved = await approvals.transition(approval.id, decision.from, decision.to, decision.patch);
      if (!moved) continue;
      const request = this.#request(moved, action);
      if (decision.to === 'expired') {
        await this.engine.audit.record('expired', request, target, {
          approvalId: moved.id,
          by: click.by,
        });
        return { kind: 'decided', approval: moved, request };
      }
      if (decision.to === 'rejected') {
        await this.engine.audit.record('rejected', request, target, {
          approvalId: moved.id,
          by: click.by,
          ...(click.note !== undefined && { reason: click.note }),
        });
        log.info({ decision: 'rejected' }, 'request rejected');
        return { kind: 'decided', approval: moved, request };
      }
      try {
        await this.engine.audit.record('approved', request, target, {
          approvalId: moved.id,
          by: click.by,
        });
      } catch (error) {
        // Unrecorded means not run; close the approval so it cannot hang in "approved" forever.
        log.error({ err: error }, 'approval could not be recorded; not running it');
        const closed = await approvals.transition(moved.id, 'approved', 'failed', {
          finishedAt: clock.now(),
          note: 'not run: the audit record could not be written',
        });
        const outcome: Outcome = {
          kind: 'internal_error',
          request,
          correlationId: request.correlationId,
          error,
        };
        return { kind: 'decided', approval: closed ?? moved, request, outcome };
      }
      log.info({ decision: 'approved' }, 'request approved, running it');
      const outcome = await this.engine.run(request, target);
      const finished = await approvals.transition(
        moved.id,
        'approved',
        outcome.kind === 'ok' ? 'executed' : 'failed',
        { finishedAt: clock.now() },
      );
      return { kind: 'decided', approval: finished ?? moved, request, outcome };
    }
    return { kind: 'refused', refusal: { code: 'TOO_MANY_CLICKS' } };
  }

  /** Expires pending requests whose time is up; returns them so their messages can say so. */
  async expireDue(): Promise<{ approval: PendingApproval; request: ExecutionRequest }[]> {
    const { approvals, clock } = this.engine;
    const now = clock.now();
    const expired: { approval: PendingApproval; request: ExecutionRequest }[] = [];
    for (const pending of await approvals.listPending()) {
      if (pending.expiresAt.getTime() > now.getTime()) continue;
      const action = this.#action(pending.actionName);
      const moved = await approvals.transition(pending.id, 'pending', 'expired', {});
      if (!moved) continue;
      if (!action) {
        this.logger.warn(
          { decision: 'expired', approvalId: moved.id, action: moved.actionName },
          'approval of an unknown action expired',
        );
        continue;
      }
      const request = this.#request(moved, action);
      const target = this.#target(moved) ?? this.#gone(moved);
      // One failed record must not stop the others from expiring; the message still goes out.
      await this.engine.audit
        .record('expired', request, target, { approvalId: moved.id })
        .catch((error) =>
          this.logger.error({ err: error, approvalId: moved.id }, 'expiry could not be recorded'),
        );
      this.logger.info(
        {
          decision: 'expired',
          approvalId: moved.id,
          correlationId: moved.correlationId,
          cluster: moved.cluster,
        },
        'approval expired',
      );
      expired.push({ approval: moved, request });
    }
    return expired;
  }

  #action(name: string): ActionDefinition | undefined {
    return this.engine.actions.find((a) => a.name === name);
  }

  /** The cluster the approval was requested for; one from before clusters had names means the only one. */
  #target(approval: PendingApproval): Target | undefined {
    const name = approval.cluster ?? this.#onlyCluster();
    return name === undefined ? undefined : this.engine.targetOf(name);
  }

  #onlyCluster(): string | undefined {
    const [only, ...others] = this.engine.clusters;
    return others.length === 0 ? only?.name : undefined;
  }

  /** A cluster no longer configured, named as stored, so an expiry can still be recorded and shown. */
  #gone(approval: PendingApproval): Target {
    const cluster = approval.cluster ?? '';
    return { cluster, production: false, endpoint: '', simulated: false };
  }

  /** Where an approval's messages say it was aimed. */
  targetOf(approval: PendingApproval): Target {
    return this.#target(approval) ?? this.#gone(approval);
  }

  #request(approval: PendingApproval, action: ActionDefinition): ExecutionRequest {
    return {
      action,
      params: approval.params,
      actor: { id: approval.requesterId, source: 'slack' },
      ...(approval.channelId !== undefined && { channelId: approval.channelId }),
      cluster: approval.cluster ?? this.#onlyCluster() ?? '',
      correlationId: approval.correlationId,
      approvalId: approval.id,
      ...(approval.decidedBy !== undefined &&
        APPROVED_STATES.has(approval.state) && { approvedBy: approval.decidedBy }),
    };
  }
}
