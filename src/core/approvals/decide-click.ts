import type { ExecutionRequest, Target } from '../engine/outcome.js';
import { groupsReferenced } from '../policy/evaluate-policy.js';
import { lookUpGroups } from '../policy/look-up-groups.js';
import type { ApprovalClick } from './approval-click.js';
import { approvalExecutionRequest } from './approval-execution-request.js';
import { approvalPolicyCheck } from './approval-policy-check.js';
import type { ApprovalRefusal } from './approval-refusal.js';
import type { ApprovalServicePorts } from './approval-service-ports.js';
import type { Approval, ApprovalPatch } from './approval-store.js';
import { approvalCluster, approvalTarget } from './approval-target.js';
import { decideApproval } from './decide-approval.js';

export type ClickDecision =
  | {
      readonly kind: 'refused';
      readonly refusal: ApprovalRefusal;
      readonly approval?: Approval;
      /**
       * Set when the rules judged the click (not pending, or denied): applying it logs the refusal,
       * and audits a denial aimed at a configured cluster.
       */
      readonly judged?: { readonly request: ExecutionRequest; readonly target?: Target };
      /** Why the groups could not be read, for the log. */
      readonly lookupError?: unknown;
    }
  | {
      /** Apply with the store's compare-and-set; if that loses the race, decide again. */
      readonly kind: 'transition';
      readonly approval: Approval;
      readonly request: ExecutionRequest;
      readonly target: Target;
      readonly from: 'pending';
      readonly to: 'approved' | 'rejected' | 'expired';
      readonly patch: ApprovalPatch;
    };

/**
 * What a click should do, from reads only (the approval, the policy now, both people's groups):
 * the policy check and the state decision, with nothing written, so a lost race can decide again.
 */
export async function decideClick(ports: ApprovalServicePorts, click: ApprovalClick): Promise<ClickDecision> {
  const approval = await ports.store.get(click.approvalId);
  if (!approval) return { kind: 'refused', refusal: { code: 'UNKNOWN_APPROVAL' } };
  const action = ports.actions().find((a) => a.name === approval.actionName);
  if (!action) {
    return { kind: 'refused', refusal: { code: 'UNKNOWN_ACTION', action: approval.actionName }, approval };
  }
  const policy = ports.policy();
  const lookup = await lookUpGroups(
    ports.groupsOf,
    [click.by, approval.requesterId],
    groupsReferenced(policy),
    click.by,
    action.name,
  );
  if (!lookup.ok) {
    return {
      kind: 'refused',
      refusal: { code: 'DENIED', denial: lookup.denial, remedy: lookup.remedy },
      approval,
      lookupError: lookup.error,
    };
  }
  const [approverGroupIds = [], requesterGroupIds = []] = lookup.groupIds;
  const clusterNames = ports.clusterNames();
  const cluster = approvalCluster(approval, clusterNames);
  const policyCheck = approvalPolicyCheck(policy, {
    kind: click.kind,
    approval,
    action,
    ...(cluster !== undefined && { cluster }),
    approverId: click.by,
    approverGroupIds,
    requesterGroupIds,
  });
  const decision = decideApproval(approval, {
    kind: click.kind,
    by: click.by,
    now: ports.clock.now(),
    policyCheck,
    ...(click.note !== undefined && { note: click.note }),
  });
  const { target, configured } = approvalTarget(approval, clusterNames, ports.targetOf);
  const request = approvalExecutionRequest(approval, action, cluster ?? '');
  if (decision.kind === 'refused') {
    return {
      kind: 'refused',
      refusal: decision.refusal,
      approval,
      judged: { request, ...(configured && { target }) },
    };
  }
  // It runs against the cluster it was asked for, or not at all (that cluster left the config).
  if (!configured) {
    return {
      kind: 'refused',
      refusal: { code: 'UNKNOWN_CLUSTER', cluster: approval.cluster ?? '', known: clusterNames },
      approval,
    };
  }
  const { from, to, patch } = decision;
  return { kind: 'transition', approval, request, target, from, to, patch };
}
