import type { Logger } from 'pino';
import type { FollowUpEvent, FollowUpTimers } from '../core/follow-ups/follow-up-ports.js';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import { renderFollowedMessage, renderFollowUpEnd } from './follow-up-blocks.js';
import type { FollowUpEditBudget } from './follow-up-edit-budget.js';
import type { FollowUpMessageState, FollowUpMessageStates } from './follow-up-message-states.js';
import type { FollowUpReleaseSummaries } from './follow-up-release-summaries.js';
import type { FollowUpSlackApi } from './follow-up-slack-api.js';
import { followUpSlackLog } from './follow-up-slack-log.js';
import type { FollowUpStandaloneRoute } from './follow-up-standalone-route.js';
import type { SlackMessage } from './slack-message.js';
import { slackRetryAfterMs } from './slack-retry-after.js';
import { tryFollowUpRoute } from './try-follow-up-route.js';
import { withinSlackLimits } from './within-slack-limits.js';

/** An end refused with 429 this many times in a row goes on by the other routes (thread reply, …). */
const MAX_RATE_LIMITED = 5;

interface EditResult {
  readonly sent: boolean;
  /** Slack answered 429 with this Retry-After. */
  readonly retryAfterMs?: number;
}

type MessageTarget = { channelId: string; ts: string };

export interface FollowUpMessageEditsDeps {
  readonly api: FollowUpSlackApi;
  readonly clock: { now(): Date };
  readonly timers: FollowUpTimers;
  readonly logger: Logger;
  readonly states: FollowUpMessageStates;
  readonly budget: FollowUpEditBudget;
  readonly releaseSummaries: FollowUpReleaseSummaries;
  readonly standalone: FollowUpStandaloneRoute;
  /** At most one edit per message this often. */
  readonly editMs: number;
  readonly releaseWaitMs: number;
  readonly resumes: boolean;
}

/**
 * A result whose ts is known: chat.update at most once per message every few seconds (the newest
 * progress winning, within the workspace's edit budget), then a thread reply naming the end.
 */
export class FollowUpMessageEdits {
  readonly #deps: FollowUpMessageEditsDeps;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(deps: FollowUpMessageEditsDeps) {
    this.#deps = deps;
  }

  async notify(followUp: FollowUp, event: FollowUpEvent, target: MessageTarget): Promise<undefined> {
    const state = this.#deps.states.of(followUp);
    const final = event === 'ended' || event === 'released';
    if (!final) {
      // Coalesce: only the newest progress is shown, at most once per interval.
      state.pending = followUp;
      if (state.timer === undefined) {
        state.timer = this.#deps.timers.set(this.#wait(state), () => this.#showProgress(state, target));
      }
      return undefined;
    }
    this.#deps.timers.clear(state.timer);
    state.timer = undefined;
    state.pending = undefined;
    state.final = true;
    // The end waits its turn in the background (a shutdown's release waits for it): the poll that
    // found the end must not hold up the other follow-ups of its round.
    const finishing = this.#finishOnMessage(state, followUp, event, target);
    this.#inFlight.add(finishing);
    void finishing.finally(() => this.#inFlight.delete(finishing));
    if (event === 'released') await finishing;
    return undefined;
  }

  /** Resolves once every edit started so far went out. */
  async flush(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /**
   * The newest progress, if the workspace's edit budget has a token free; else it is skipped and
   * asked again one interval later, by when newer progress may have replaced it.
   */
  #showProgress(state: FollowUpMessageState, target: MessageTarget): void {
    state.timer = undefined;
    const latest = state.pending;
    if (latest === undefined || state.final === true) return;
    if (!this.#deps.budget.tryTake()) {
      this.#log(latest).debug(
        { decision: 'follow_up_edit_skipped', reason: 'budget', waitingEnds: this.#deps.budget.waiting },
        'progress not shown yet: the workspace-wide edit budget is spent (ends go first)',
      );
      state.timer = this.#deps.timers.set(this.#deps.editMs, () => this.#showProgress(state, target));
      return;
    }
    state.pending = undefined;
    void this.#edit(state, latest, 'progress', target).then((result) => {
      if (result.retryAfterMs === undefined) return;
      this.#deps.budget.backOff(result.retryAfterMs);
      // Shown later, unless newer progress or the end replaced it meanwhile.
      if (state.final === true || state.timer !== undefined) return;
      state.pending ??= latest;
      state.timer = this.#deps.timers.set(Math.max(this.#deps.editMs, result.retryAfterMs), () =>
        this.#showProgress(state, target),
      );
    });
  }

  /**
   * An end or release: queued for a token, never dropped; a 429 waits out its Retry-After and tries
   * again. Only a release (shutdown) gives up its place once `giveUpAt` passes: 'no_token'.
   */
  async #finalEdit(
    state: FollowUpMessageState,
    followUp: FollowUp,
    event: FollowUpEvent,
    target: MessageTarget,
    giveUpAt?: number,
  ): Promise<boolean | 'no_token'> {
    for (let attempt = 1; ; attempt++) {
      const left = giveUpAt === undefined ? undefined : giveUpAt - this.#deps.clock.now().getTime();
      if (!(await this.#deps.budget.take(left === undefined ? undefined : Math.max(0, left))))
        return 'no_token';
      const result = await this.#edit(state, followUp, event, target);
      if (result.retryAfterMs === undefined) return result.sent;
      this.#deps.budget.backOff(result.retryAfterMs);
      if (attempt >= MAX_RATE_LIMITED) return false;
    }
  }

  async #finishOnMessage(
    state: FollowUpMessageState,
    followUp: FollowUp,
    event: FollowUpEvent,
    target: MessageTarget,
  ): Promise<void> {
    // A shutdown has a deadline: a release waits this long at most for its edit slot and a token.
    const giveUpAt =
      event === 'released' ? this.#deps.clock.now().getTime() + this.#deps.releaseWaitMs : undefined;
    await state.chain;
    const wait = Math.min(this.#wait(state), giveUpAt === undefined ? Infinity : this.#deps.releaseWaitMs);
    if (wait > 0) await new Promise<void>((resolve) => this.#deps.timers.set(wait, resolve));
    const edited = await this.#finalEdit(state, followUp, event, target, giveUpAt);
    this.#deps.states.delete(followUp.id);
    if (edited === 'no_token') {
      this.#deps.releaseSummaries.defer(followUp, target.channelId);
      return;
    }
    const reply = renderFollowUpEnd(followUp, event, this.#deps.clock.now(), false, this.#deps.resumes);
    const threaded = await tryFollowUpRoute(this.#deps.logger, followUp, 'chat.postMessage (thread)', () =>
      this.#deps.api.post({ channelId: target.channelId, threadTs: target.ts }, this.#fit(reply, followUp)),
    );
    if (!edited && !threaded) await this.#deps.standalone.continue(followUp, event, target.channelId);
  }

  async #edit(
    state: FollowUpMessageState,
    followUp: FollowUp,
    event: FollowUpEvent,
    target: MessageTarget,
  ): Promise<EditResult> {
    // Set now, not when the edit goes out: a notice arriving meanwhile must wait its turn.
    state.lastEditAt = this.#deps.clock.now().getTime();
    const run = state.chain.then(async (): Promise<EditResult> => {
      const message = this.#fit(
        renderFollowedMessage(followUp, event, this.#deps.clock.now(), this.#deps.resumes),
        followUp,
      );
      let limited: number | undefined;
      const sent = await tryFollowUpRoute(
        this.#deps.logger,
        followUp,
        'chat.update',
        () => this.#deps.api.update(target, message),
        (e) => {
          limited = slackRetryAfterMs(e);
        },
      );
      // Counted from when Slack had it: the interval is about what Slack sees, however slow the call.
      state.lastEditAt = this.#deps.clock.now().getTime();
      if (limited !== undefined) {
        this.#log(followUp).warn(
          { decision: 'follow_up_rate_limited', event, retryAfterMs: limited },
          `Slack answered 429 to chat.update: no follow-up edit for ${Math.ceil(limited / 1000)} s`,
        );
        return { sent: false, retryAfterMs: limited };
      }
      return { sent };
    });
    const chain = run.then(() => undefined);
    state.chain = chain;
    this.#inFlight.add(chain);
    void chain.then(() => this.#inFlight.delete(chain));
    return run;
  }

  #wait(state: FollowUpMessageState): number {
    if (state.lastEditAt === undefined) return 0;
    return Math.max(0, state.lastEditAt + this.#deps.editMs - this.#deps.clock.now().getTime());
  }

  #fit(message: SlackMessage, followUp: FollowUp): SlackMessage {
    return withinSlackLimits(message, followUp.correlationId);
  }

  #log(followUp: FollowUp): Logger {
    return followUpSlackLog(this.#deps.logger, followUp);
  }
}
