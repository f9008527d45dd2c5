import type { Logger } from 'pino';
import type { FollowUpEvent } from '../core/follow-ups/follow-up-ports.js';
import type { FollowUp, FollowUpMessageRef } from '../core/follow-ups/follow-up-store.js';
import { renderFollowedMessage, renderFollowUpEnd } from './follow-up-blocks.js';
import type { FollowUpEditBudget } from './follow-up-edit-budget.js';
import type { FollowUpReleaseSummaries } from './follow-up-release-summaries.js';
import type { FollowUpSlackApi } from './follow-up-slack-api.js';
import { followUpSlackLog } from './follow-up-slack-log.js';
import { tryFollowUpRoute } from './try-follow-up-route.js';
import { withinSlackLimits } from './within-slack-limits.js';

export interface FollowUpStandaloneRouteDeps {
  readonly api: FollowUpSlackApi;
  readonly clock: { now(): Date };
  readonly logger: Logger;
  readonly budget: FollowUpEditBudget;
  readonly releaseSummaries: FollowUpReleaseSummaries;
  readonly resumes: boolean;
  readonly releaseWaitMs: number;
}

/**
 * When the original message can no longer be edited: a new message of the follow-up's own that names
 * the original, else (for an end) a private note to the requester, else an error log line.
 */
export class FollowUpStandaloneRoute {
  readonly #deps: FollowUpStandaloneRouteDeps;

  constructor(deps: FollowUpStandaloneRouteDeps) {
    this.#deps = deps;
  }

  async continue(
    followUp: FollowUp,
    event: FollowUpEvent,
    channelId: string | undefined,
  ): Promise<FollowUpMessageRef | undefined> {
    const final = event === 'ended' || event === 'released';
    if (channelId !== undefined) {
      // A new message costs like an edit: 100 follow-ups whose response_urls expire together must
      // not post 100 messages into one channel at once. Progress skips; an end waits its turn.
      if (!final && !this.#deps.budget.tryTake()) {
        this.#log(followUp).debug(
          { decision: 'follow_up_edit_skipped', reason: 'budget', route: 'chat.postMessage' },
          'progress not shown yet: the workspace-wide edit budget is spent',
        );
        return undefined;
      }
      if (
        final &&
        !(await this.#deps.budget.take(event === 'released' ? this.#deps.releaseWaitMs : undefined))
      ) {
        this.#deps.releaseSummaries.defer(followUp, channelId);
        return undefined;
      }
    }
    const now = this.#deps.clock.now();
    if (channelId !== undefined) {
      const own = { ...followUp, message: { ...followUp.message, standalone: true } };
      const message = withinSlackLimits(
        renderFollowedMessage(own, event, now, this.#deps.resumes),
        followUp.correlationId,
      );
      let ts: string | undefined;
      const posted = await tryFollowUpRoute(this.#deps.logger, followUp, 'chat.postMessage', async () => {
        ts = (await this.#deps.api.post({ channelId }, message)).ts;
      });
      if (posted) {
        this.#log(followUp).info(
          { decision: 'follow_up_continued', event, ts: ts ?? null },
          'the result can no longer be edited; the follow-up goes on in a new message naming it',
        );
        return ts === undefined ? undefined : { ts, standalone: true };
      }
      if (!final) return undefined;
      const userId = followUp.requesterId;
      const end = withinSlackLimits(
        renderFollowUpEnd(followUp, event, now, true, this.#deps.resumes),
        followUp.correlationId,
      );
      if (
        await tryFollowUpRoute(this.#deps.logger, followUp, 'chat.postEphemeral', () =>
          this.#deps.api.postEphemeral({ channelId, userId }, end),
        )
      )
        return undefined;
    }
    if (final) {
      this.#log(followUp).error(
        {
          decision: 'follow_up_delivery_failed',
          event,
          state: followUp.state,
          status: followUp.status ?? null,
        },
        'could not tell Slack how the follow-up ended by any route; the log is the only record',
      );
    }
    return undefined;
  }

  #log(followUp: FollowUp): Logger {
    return followUpSlackLog(this.#deps.logger, followUp);
  }
}
