import type { types } from '@slack/bolt';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';

/** The request a followed message is about, as the follow-up record keeps it. */
export type FollowedRequest = Pick<
  FollowUp,
  'actionName' | 'params' | 'cluster' | 'requesterId' | 'correlationId'
>;

/**
 * The buttons under a followed result while it is re-rendered (Cancel while an operator runs,
 * Undrain for a drain). None yet: the undo buttons plug in here, and disappear once the follow-up
 * has ended because the caller passes the ended record.
 */
export function followUpButtons(_request: FollowedRequest, _followUp: FollowUp): types.KnownBlock[] {
  return [];
}
