import type { Logger } from 'pino';
import type { FollowUpTimers } from '../core/follow-ups/follow-up-ports.js';
import type { FollowUpSlackApi } from './follow-up-slack-api.js';
import type { ResponseUrlMessage } from './slack-deps.js';

export interface SlackFollowUpNotifierDeps {
  readonly api: FollowUpSlackApi;
  readonly postToResponseUrl: (url: string, message: ResponseUrlMessage) => Promise<void>;
  readonly clock: { now(): Date };
  readonly timers: FollowUpTimers;
  readonly logger: Logger;
  /** At most one edit per message this often (default 5 s; Slack allows about one per second per channel). */
  readonly minEditIntervalMs?: number;
  /** response_url edits are five in all: progress spends one at most this often (default 60 s). */
  readonly minResponseUrlEditMs?: number;
  /**
   * Whether the next bot resumes a follow-up released at shutdown (the store's `durable`). Default
   * false: a released message promises nothing and says how to check by hand.
   */
  readonly resumesAfterRestart?: boolean;
  /**
   * Edits of all follow-up messages together, per minute (FOLLOW_EDITS_PER_MINUTE, default 40):
   * chat.update is Tier 3, about 50 a minute per workspace.
   */
  readonly editsPerMinute?: number;
  /**
   * At shutdown a release waits at most this long for an edit (default 10 s, within the 25 s
   * shutdown deadline); the rest are said in one message per channel.
   */
  readonly releaseWaitMs?: number;
}
