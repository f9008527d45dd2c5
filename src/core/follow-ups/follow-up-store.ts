import type { ActionParams } from '../actions/action-definition.js';
import type { FollowUpKind, FollowUpState } from './follow-up-kind.js';

export type { FollowUpKind, FollowUpState } from './follow-up-kind.js';

/** Where the result message lives, so the follow-up can edit it or answer in its thread. Opaque to the store. */
export interface FollowUpMessageRef {
  readonly channelId?: string;
  readonly ts?: string;
  readonly responseUrl?: string;
  /** When the response_url was minted: Slack honours it for 30 minutes and five uses. */
  readonly responseUrlIssuedAt?: Date;
  /** Uses of the response_url so far (the result itself is one), so a restarted bot keeps count. */
  readonly responseUrlUses?: number;
  /**
   * Set when `ts` is a message of the follow-up's own, posted because the result's response_url could
   * no longer be used: it names the original result.
   */
  readonly standalone?: boolean;
  /** The result message as first posted, so an edit after a restart can show it again with the progress. */
  readonly original?: { readonly text: string; readonly blocks: readonly unknown[] };
}

export interface NewFollowUp {
  readonly kind: FollowUpKind;
  /** The cluster's name: the follow-up polls that PD and no other. */
  readonly cluster: string;
  /** The region (operator) or store (drain) watched: one poll per subject however many watch it. */
  readonly subjectId: string;
  readonly actionName: string;
  readonly params: ActionParams;
  readonly requesterId: string;
  readonly correlationId: string;
  readonly startedAt: Date;
  /** Past this the bot stops and says so, even if PD never reports an end. */
  readonly deadline: Date;
  readonly message?: FollowUpMessageRef;
  /** The bot instance polling it; undefined while nobody is (released at shutdown, for the next one). */
  readonly owner?: string;
  /**
   * Until when the owner's claim holds unless it renews it (claim from itself to itself). A replica
   * that dies stops renewing; past this another may take the follow-up over (FollowUpLease.expiredBy).
   */
  readonly leaseUntil?: Date;
}

/** The lease a claim sets (`until`), and for a take-over the time by which the old one must have ended. */
export interface FollowUpLease {
  readonly until: Date;
  /** Take-over: the claim succeeds only if the current lease (if any) ended at or before this. */
  readonly expiredBy?: Date;
}

export interface FollowUp extends NewFollowUp {
  readonly id: string;
  readonly state: FollowUpState;
  /** PD's last word, e.g. the operator status string or "leader_count 12". */
  readonly status?: string;
  /** The last progress or end in words (rate, ETA, the verified leader), for messages and App Home. */
  readonly detail?: string;
  readonly updatedAt: Date;
  readonly finishedAt?: Date;
}

export type FollowUpPatch = Partial<
  Pick<FollowUp, 'status' | 'detail' | 'updatedAt' | 'finishedAt' | 'message' | 'deadline'>
>;

/**
 * Follow-ups in progress. In memory by default; a shared store (Redis, issue 10) implements the same
 * contract so another replica can take over a follow-up whose replica died.
 */
export interface FollowUpStore {
  /**
   * True when follow-ups outlive this process (a shared store such as Redis): one released at
   * shutdown is resumed by the next bot. False in memory: the next bot starts empty, so the bot must
   * not promise a resume.
   */
  readonly durable: boolean;
  create(followUp: NewFollowUp): Promise<FollowUp>;
  get(id: string): Promise<FollowUp | undefined>;
  /** Atomic compare-and-set on state, like ApprovalStore.transition; undefined when it was not `from`. */
  transition(
    id: string,
    from: FollowUpState,
    to: FollowUpState,
    patch?: FollowUpPatch,
  ): Promise<FollowUp | undefined>;
  /** Updates fields without a state change (progress, the message ref); undefined when unknown. */
  update(id: string, patch: FollowUpPatch): Promise<FollowUp | undefined>;
  /**
   * Atomic compare-and-set on the owner: hands an active follow-up from `from` (undefined: nobody) to
   * `to` (undefined: release it). Undefined when the owner was not `from` or it already ended, so
   * two bots resuming from one store never both poll it. With `lease`, the new owner holds it until
   * `lease.until` (a release clears it); with `lease.expiredBy`, only if the current lease had ended
   * by then, so a live owner renewing at the same moment is never robbed.
   */
  claim(
    id: string,
    from: string | undefined,
    to: string | undefined,
    lease?: FollowUpLease,
  ): Promise<FollowUp | undefined>;
  /** Follow-ups not yet ended (following or stalled), for the poller, App Home, and resuming after a restart. */
  listActive(): Promise<FollowUp[]>;
  /** Recently ended ones too (bounded, newest first), for App Home's "operators the bot started". */
  listRecent(limit: number): Promise<FollowUp[]>;
}
