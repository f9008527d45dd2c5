/**
 * What the bot keeps watching after PD accepted a write: an operator on a region (transfer-leader,
 * transfer-peer) until PD reports a terminal status, or a drained store until its leader_count is 0.
 */
export type FollowUpKind = 'operator' | 'drain';

/**
 * following → succeeded | failed | stopped; a drain may also pass through stalled and back.
 * `failed` carries PD's own word (TIMEOUT, CANCEL, REPLACE, …) in `status`; `stopped` means the bot
 * stopped watching (deadline, PD unreachable past the bound) without knowing the end.
 */
export type FollowUpState = 'following' | 'stalled' | 'succeeded' | 'failed' | 'stopped';
