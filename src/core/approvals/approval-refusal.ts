import type { Denial, Remedy } from '../policy/denial.js';
import type { Approval } from './approval-store.js';

/**
 * Why an Approve or Reject click changed nothing, as facts: each front end words them (see
 * wordApprovalRefusal), Slack with mentions and foreign text made safe, the audit record and the log
 * in plain words.
 */
export type ApprovalRefusal =
  /** Someone decided first, or it expired: its state says by whom and when. */
  | { readonly code: 'NOT_PENDING'; readonly approval: Approval }
  /** The policy refused the click (own request, not an approver, request no longer allowed, groups unknown). */
  | { readonly code: 'DENIED'; readonly denial: Denial; readonly remedy?: Remedy }
  /** The bot does not know this approval (it restarted, or it was forgotten long after expiry). */
  | { readonly code: 'UNKNOWN_APPROVAL' }
  /** The approval names an action this version of the bot does not have. */
  | { readonly code: 'UNKNOWN_ACTION'; readonly action: string }
  /** Requested for a cluster that is no longer configured; it never runs anywhere else. */
  | { readonly code: 'UNKNOWN_CLUSTER'; readonly cluster: string; readonly known: readonly string[] }
  /** Lost the compare-and-set race every time. */
  | { readonly code: 'TOO_MANY_CLICKS' };
