import type { FollowUpDeclaration, Sample } from './follow-up-declaration.js';
import type { FollowUp } from './follow-up-store.js';

/** A follow-up this bot polls, with what its polls saw so far. */
export interface TrackedFollowUp {
  record: FollowUp;
  readonly declaration: FollowUpDeclaration;
  readonly samples: Sample[];
  /** Set once the poll said the end came; the follow-up then only waits for its verify read. */
  verifying: boolean;
  lastUnreadable?: string;
}
