import type { PdRequest } from '../pd/pd-request.js';
import type { PollAnswer } from './follow-up-declaration.js';
import type { FollowUp, FollowUpMessageRef } from './follow-up-store.js';

/** Sends one read to a cluster's PD; never rejects (a transport error is an answer too). */
export type FollowUpReader = (cluster: string, request: PdRequest) => Promise<PollAnswer>;

/** Timers the service waits on: real ones in the bot, a hand-driven clock in tests and benchmarks. */
export interface FollowUpTimers {
  set(ms: number, run: () => void): unknown;
  clear(handle: unknown): void;
}

/**
 * started: PD accepted and the bot follows; progress: something changed; ended: the verified end;
 * released: this bot stopped following (shutdown) and another may resume; resumed: it did.
 */
export type FollowUpEvent = 'started' | 'progress' | 'ended' | 'released' | 'resumed';

/**
 * Tells the humans (a Slack message, a terminal). Resolves with the message reference as it now is
 * (a ts learnt, a response_url use spent), which the service keeps in the store; never rejects.
 */
export interface FollowUpNotifier {
  notify(followUp: FollowUp, event: FollowUpEvent): Promise<FollowUpMessageRef | undefined>;
  /** Resolves once every notice started so far is delivered (or given up on); awaited at shutdown. */
  flush?(): Promise<void>;
}

export interface FollowUpSettings {
  /** The first poll, after PD accepted (default 1 s); each next one waits twice as long… */
  readonly firstPollMs: number;
  /** …up to this (default 30 s). */
  readonly maxPollMs: number;
  /** Reads in flight per cluster at most, whatever is followed (default 4). */
  readonly maxReadsPerCluster: number;
  /** A drain with no progress for this long is flagged stalled (FOLLOW_DRAIN_STALL_MINUTES, default 5). */
  readonly drainStallMs: number;
  /** The longest a drain is followed (FOLLOW_DRAIN_MAX_HOURS, default 6). */
  readonly drainMaxMs: number;
  /** Added to an operator's own timeout before the bot gives up on it (default 60 s). */
  readonly deadlineMarginMs: number;
  /** Region reads to verify an end that the region does not show yet (default 3). */
  readonly verifyTries: number;
}

export const DEFAULT_FOLLOW_UP_SETTINGS: FollowUpSettings = {
  firstPollMs: 1_000,
  maxPollMs: 30_000,
  maxReadsPerCluster: 4,
  drainStallMs: 5 * 60_000,
  drainMaxMs: 6 * 60 * 60_000,
  deadlineMarginMs: 60_000,
  verifyTries: 3,
};
