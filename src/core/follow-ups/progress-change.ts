import type { Judgement } from './follow-up-declaration.js';
import type { FollowUp, FollowUpState } from './follow-up-store.js';

/**
 * What a progress judgement changes in the record (state, deadline), or undefined when it changes
 * nothing worth a store write or a notice.
 */
export function progressChange(
  record: FollowUp,
  judgement: Extract<Judgement, { kind: 'progress' }>,
  deadlineMarginMs: number,
): { readonly state: FollowUpState; readonly deadline: Date } | undefined {
  const deadline =
    judgement.timeoutMs === undefined
      ? record.deadline
      : new Date(record.startedAt.getTime() + judgement.timeoutMs + deadlineMarginMs);
  const state: FollowUpState = judgement.stalled === true ? 'stalled' : 'following';
  const changed =
    state !== record.state ||
    judgement.status !== record.status ||
    judgement.detail !== record.detail ||
    deadline.getTime() !== record.deadline.getTime();
  return changed ? { state, deadline } : undefined;
}
