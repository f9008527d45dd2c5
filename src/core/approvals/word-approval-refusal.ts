import { commandName } from '../actions/action-definition.js';
import { type DenialWords, PLAIN_WORDS, wordDenial, wordRemedy } from '../policy/word-denial.js';
import type { ApprovalRefusal } from './approval-refusal.js';
import type { Approval } from './approval-store.js';

/** How a front end names the facts of a refused click: the denial's words, plus notes and times. */
export interface ApprovalWords extends DenialWords {
  /** Text the bot did not write (a rejection note), made inert for the medium. */
  readonly foreign: (text: string) => string;
  readonly time: (at: Date) => string;
}

/** Plain words for the audit record and the log: IDs as they are, UTC times, no markup. */
export const PLAIN_APPROVAL_WORDS: ApprovalWords = { ...PLAIN_WORDS, foreign: (text) => text, time: utc };

/** One sentence, no final full stop: `this request was already approved by U0LEAD at … and executed`. */
export function wordApprovalRefusal(
  refusal: ApprovalRefusal,
  w: ApprovalWords = PLAIN_APPROVAL_WORDS,
): string {
  switch (refusal.code) {
    case 'NOT_PENDING':
      return `this request was ${describeApprovalState(refusal.approval, w)}`;
    case 'DENIED': {
      const why = wordDenial(refusal.denial, w);
      return refusal.remedy === undefined ? why : `${why}; ${wordRemedy(refusal.remedy, w)}`;
    }
    case 'UNKNOWN_APPROVAL':
      return 'this request is no longer known to the bot (it may have restarted); ask again';
    case 'UNKNOWN_ACTION':
      // Both come from the approval store, which a shared deployment does not fully trust.
      return `the bot no longer has the action ${w.foreign(commandName({ name: refusal.action }))}`;
    case 'UNKNOWN_CLUSTER':
      return `this request was made for cluster ${w.foreign(refusal.cluster)}, which this bot no longer has (it has ${w.text(refusal.known.join(', '))}); nothing was sent, ask again`;
    case 'TOO_MANY_CLICKS':
      return 'too many people clicked at once; look at the message again';
  }
}

/** "approved by U0LEAD at 2025-01-02 03:04:05 UTC and executed", for buttons clicked too late. */
export function describeApprovalState(approval: Approval, w: ApprovalWords = PLAIN_APPROVAL_WORDS): string {
  const by = approval.decidedBy === undefined ? '' : ` by ${w.user(approval.decidedBy)}`;
  const at = approval.decidedAt === undefined ? '' : ` at ${w.time(approval.decidedAt)}`;
  switch (approval.state) {
    case 'pending':
      return `waiting for approval until ${w.time(approval.expiresAt)}`;
    case 'approved':
      return `already approved${by}${at}; it is running`;
    case 'executed':
      return `already approved${by}${at} and executed`;
    case 'failed':
      return `already approved${by}${at}; the PD call failed`;
    case 'rejected':
      return approval.decidedBy === approval.requesterId
        ? `withdrawn${by}${at}`
        : `rejected${by}${at}${approval.note === undefined ? '' : `: ${w.foreign(approval.note)}`}`;
    case 'expired':
      return `expired at ${w.time(approval.expiresAt)} without approval`;
  }
}

/** `2025-01-02 03:04:05 UTC` */
export function utc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
