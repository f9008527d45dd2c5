import type { ActionParams } from '../actions/action-definition.js';

/**
 * pending → approved → executed | failed; pending → rejected; pending → expired. Nothing leaves
 * executed, failed, rejected or expired, and nothing returns to pending: that is what makes one
 * approval worth exactly one PD call.
 */
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired' | 'executed' | 'failed';

export const APPROVAL_TRANSITIONS: Readonly<Record<ApprovalState, readonly ApprovalState[]>> = {
  pending: ['approved', 'rejected', 'expired'],
  approved: ['executed', 'failed'],
  rejected: [],
  expired: [],
  executed: [],
  failed: [],
};

/** Where the approval request was posted, so its buttons can be replaced later. Opaque to the store. */
export interface ApprovalMessageRef {
  readonly channelId?: string;
  readonly ts?: string;
  readonly responseUrl?: string;
}

/**
 * The result message an undo button (Cancel, Undrain) sat under, for an undo that waits for
 * approval: where it is and, opaque to the store, what it said, so the front end can take the
 * button off once the approved undo has run.
 */
export interface UndoOrigin extends ApprovalMessageRef {
  readonly content?: unknown;
}

export interface NewApproval {
  readonly requesterId: string;
  readonly channelId?: string;
  readonly actionName: string;
  readonly params: ActionParams;
  readonly correlationId: string;
  /** The cluster's name the request was made for: approved, it runs there and nowhere else. */
  readonly cluster?: string;
  /** An undo button's request: the correlation id of the result it was under (audit). */
  readonly undoOf?: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly message?: ApprovalMessageRef;
}

/** An approval in any state (`state` says which): pending, decided, run, or expired. */
export interface Approval extends NewApproval {
  readonly id: string;
  readonly state: ApprovalState;
  /** Who approved, rejected or withdrew it. */
  readonly decidedBy?: string;
  readonly decidedAt?: Date;
  /** Free text: a rejection reason, or the failure summary. */
  readonly note?: string;
  /** When it reached executed or failed. */
  readonly finishedAt?: Date;
  /** Set on an undo's approval: the message whose button asked for it. */
  readonly undoOrigin?: UndoOrigin;
}

export type ApprovalPatch = Partial<Pick<Approval, 'decidedBy' | 'decidedAt' | 'note' | 'finishedAt'>>;

export class InvalidApprovalTransitionError extends Error {
  readonly code = 'INVALID_APPROVAL_TRANSITION' as const;
  constructor(
    readonly from: ApprovalState,
    readonly to: ApprovalState,
  ) {
    super(`an approval cannot go from ${from} to ${to}`);
    this.name = 'InvalidApprovalTransitionError';
  }
}

/**
 * Pending approvals. In memory by default; a shared store (Redis, SQL) implements the same contract
 * so several bot replicas can serve one workspace.
 */
export interface ApprovalStore {
  create(request: NewApproval): Promise<Approval>;
  get(id: string): Promise<Approval | undefined>;
  /**
   * Atomic compare-and-set: moves the approval from `from` to `to` and applies `patch` only if it is
   * in `from` right now. Resolves undefined when it is not (someone else got there first) or is
   * unknown. Rejects with InvalidApprovalTransitionError for a move the state machine forbids.
   */
  transition(
    id: string,
    from: ApprovalState,
    to: ApprovalState,
    patch?: ApprovalPatch,
  ): Promise<Approval | undefined>;
  /** Records where the request message lives, in whatever state; undefined when unknown. */
  setMessage(id: string, message: ApprovalMessageRef): Promise<Approval | undefined>;
  /** Records the message an undo's button sat under (replacing any); undefined when unknown. */
  setUndoOrigin(id: string, origin: UndoOrigin): Promise<Approval | undefined>;
  /** Approvals still pending, for a sweeper that expires them and updates their messages. */
  listPending(): Promise<Approval[]>;
  /**
   * Approvals claimed for their run (approved) and not finished: a replica that died between the
   * claim and PD's answer leaves one behind, for the sweeper to close as interrupted.
   */
  listApproved(): Promise<Approval[]>;
}

export function assertTransition(from: ApprovalState, to: ApprovalState): void {
  if (!APPROVAL_TRANSITIONS[from].includes(to)) throw new InvalidApprovalTransitionError(from, to);
}
