import type { ExecutionRequest, Outcome, Target } from '../engine/outcome.js';
import type { ApprovalRefusal } from './approval-refusal.js';
import type { Approval } from './approval-store.js';

export interface ApprovalClick {
  readonly approvalId: string;
  readonly kind: 'approve' | 'reject';
  /** Who clicked (Slack user ID). */
  readonly by: string;
  readonly note?: string;
}

export type ApprovalResult =
  /** Nothing changed; tell only the person who clicked, in the front end's words. */
  | { readonly kind: 'refused'; readonly refusal: ApprovalRefusal; readonly approval?: Approval }
  /** The request moved on (approved and ran, rejected, or expired); update the message for everyone. */
  | {
      readonly kind: 'decided';
      readonly approval: Approval;
      readonly request: ExecutionRequest;
      /** The cluster it was requested for (and, approved, ran against). */
      readonly target: Target;
      /** PD's answer when it was approved. */
      readonly outcome?: Outcome;
    };
