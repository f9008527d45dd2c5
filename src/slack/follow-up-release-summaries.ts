import type { Logger } from 'pino';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import { renderReleaseSummary } from './follow-up-blocks.js';
import type { SlackMessage } from './slack-message.js';
import { withinSlackLimits } from './within-slack-limits.js';

export interface FollowUpReleaseSummariesDeps {
  /** Posts a new message in the channel (chat.postMessage); false when Slack refused it (logged). */
  readonly post: (channelId: string, message: SlackMessage, about: FollowUp) => Promise<boolean>;
  readonly clock: { now(): Date };
  readonly logger: Logger;
  /** The store outlives the bot: the next one resumes them. */
  readonly resumes: boolean;
}

/**
 * Releases at shutdown whose message got no edit slot before the deadline (the workspace's edit
 * budget): said once per channel in one message that lists them, not with 100 edits Slack would
 * refuse, so no message is left promising a follow-up nobody does without a word nearby.
 */
export class FollowUpReleaseSummaries {
  readonly #deps: FollowUpReleaseSummariesDeps;
  readonly #byChannel = new Map<string, FollowUp[]>();

  constructor(deps: FollowUpReleaseSummariesDeps) {
    this.#deps = deps;
  }

  defer(followUp: FollowUp, channelId: string): void {
    const list = this.#byChannel.get(channelId) ?? [];
    list.push(followUp);
    this.#byChannel.set(channelId, list);
    this.#deps.logger
      .child({ followUpId: followUp.id, correlationId: followUp.correlationId })
      .warn(
        { decision: 'follow_up_release_deferred', channelId },
        'no edit slot before the shutdown deadline: the release goes in one summary message for the channel',
      );
  }

  /** Posts one summary per channel for what was deferred so far. */
  async flush(): Promise<void> {
    const deferred = [...this.#byChannel];
    this.#byChannel.clear();
    for (const [channelId, followUps] of deferred) await this.#summarize(channelId, followUps);
  }

  async #summarize(channelId: string, followUps: readonly FollowUp[]): Promise<void> {
    const [first] = followUps;
    if (first === undefined) return;
    const message = withinSlackLimits(
      renderReleaseSummary(followUps, this.#deps.clock.now(), this.#deps.resumes),
      first.correlationId,
    );
    if (await this.#deps.post(channelId, message, first)) {
      this.#deps.logger.child({ channelId }).info(
        {
          decision: 'follow_up_release_summary',
          count: followUps.length,
          correlationIds: followUps.map((f) => f.correlationId),
        },
        `said in one message that the bot stopped following ${followUps.length} write(s) in this channel`,
      );
      return;
    }
    for (const followUp of followUps) {
      this.#deps.logger.child({ followUpId: followUp.id, correlationId: followUp.correlationId }).error(
        {
          decision: 'follow_up_delivery_failed',
          event: 'released',
          state: followUp.state,
          status: followUp.status ?? null,
        },
        'could not tell Slack that the bot stopped following; the log is the only record',
      );
    }
  }
}
