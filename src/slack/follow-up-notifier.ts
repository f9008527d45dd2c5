import type { Logger } from 'pino';
import type { FollowUpEvent, FollowUpNotifier } from '../core/follow-ups/follow-up-ports.js';
import type { FollowUp, FollowUpMessageRef } from '../core/follow-ups/follow-up-store.js';
import { FollowUpEditBudget } from './follow-up-edit-budget.js';
import { FollowUpMessageEdits } from './follow-up-message-edits.js';
import { FollowUpMessageStates } from './follow-up-message-states.js';
import { FollowUpReleaseSummaries } from './follow-up-release-summaries.js';
import { FollowUpResponseUrlRoute } from './follow-up-response-url-route.js';
import { followUpSlackLog } from './follow-up-slack-log.js';
import { FollowUpStandaloneRoute } from './follow-up-standalone-route.js';
import type { SlackFollowUpNotifierDeps } from './slack-follow-up-notifier-deps.js';
import { tryFollowUpRoute } from './try-follow-up-route.js';

export type { FollowUpSlackApi } from './follow-up-slack-api.js';
export type { SlackFollowUpNotifierDeps } from './slack-follow-up-notifier-deps.js';

/**
 * Tells the channel how a followed write goes, on the message that reported it: chat.update when
 * its ts is known (at most one edit per message every few seconds, the newest progress winning),
 * then a thread reply naming the end; with only a response_url, replace_original while Slack still
 * takes it (keeping its last use for the end), else a new message that names the original, else a
 * private note to the requester. Every failure is logged; none is silent.
 */
export class SlackFollowUpNotifier implements FollowUpNotifier {
  readonly #logger: Logger;
  /** Releases that got no edit slot: one summary message per channel at flush. */
  readonly #releaseSummaries: FollowUpReleaseSummaries;
  readonly #edits: FollowUpMessageEdits;
  readonly #responseUrl: FollowUpResponseUrlRoute;

  constructor(deps: SlackFollowUpNotifierDeps) {
    this.#logger = deps.logger;
    const resumes = deps.resumesAfterRestart ?? false;
    const releaseWaitMs = deps.releaseWaitMs ?? 10_000;
    this.#releaseSummaries = new FollowUpReleaseSummaries({
      post: (channelId, message, about) =>
        tryFollowUpRoute(deps.logger, about, 'chat.postMessage (release summary)', () =>
          deps.api.post({ channelId }, message),
        ),
      clock: deps.clock,
      logger: deps.logger,
      resumes,
    });
    const budget = new FollowUpEditBudget({
      perMinute: deps.editsPerMinute ?? 40,
      clock: deps.clock,
      timers: deps.timers,
    });
    const states = new FollowUpMessageStates();
    const standalone = new FollowUpStandaloneRoute({
      api: deps.api,
      clock: deps.clock,
      logger: deps.logger,
      budget,
      releaseSummaries: this.#releaseSummaries,
      resumes,
      releaseWaitMs,
    });
    this.#edits = new FollowUpMessageEdits({
      api: deps.api,
      clock: deps.clock,
      timers: deps.timers,
      logger: deps.logger,
      states,
      budget,
      releaseSummaries: this.#releaseSummaries,
      standalone,
      editMs: deps.minEditIntervalMs ?? 5_000,
      releaseWaitMs,
      resumes,
    });
    this.#responseUrl = new FollowUpResponseUrlRoute({
      postToResponseUrl: deps.postToResponseUrl,
      clock: deps.clock,
      logger: deps.logger,
      states,
      standalone,
      urlEditMs: deps.minResponseUrlEditMs ?? 60_000,
      resumes,
    });
  }

  async notify(followUp: FollowUp, event: FollowUpEvent): Promise<FollowUpMessageRef | undefined> {
    const ref = followUp.message;
    if (ref === undefined) {
      followUpSlackLog(this.#logger, followUp).warn(
        { decision: 'follow_up_unannounced', event },
        'no message to tell about this follow-up; the log is its only record',
      );
      return undefined;
    }
    if (ref.channelId !== undefined && ref.ts !== undefined) {
      return this.#edits.notify(followUp, event, { channelId: ref.channelId, ts: ref.ts });
    }
    return this.#responseUrl.notify(followUp, event, ref);
  }

  /** Resolves once every edit started so far went out (tests and shutdown wait on it). */
  async flush(): Promise<void> {
    await this.#edits.flush();
    await this.#releaseSummaries.flush();
  }
}
