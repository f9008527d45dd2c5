import type { Approval } from './approval-store.js';

/** The expiry rule, for clicks and the sweeper alike: from its expiry instant on, nobody may decide it. */
export function approvalExpired(approval: Pick<Approval, 'expiresAt'>, now: Date): boolean {
  return now.getTime() >= approval.expiresAt.getTime();
}
