import type { Logger } from 'pino';
import type { FollowUpEvent, FollowUpNotifier, FollowUpTimers } from '../core/follow-ups/follow-up-ports.js';
import type { FollowUp, FollowUpMessageRef } from '../core/follow-ups/follow-up-store.js';
import { renderFollowedMessage, renderFollowUpEnd } from './follow-up-blocks.js';
import { FollowUpEditBudget } from './follow-up-edit-budget.js';
import { FollowUpReleaseSummaries } from './follow-up-release-summaries.js';
import type { ResponseUrlMessage } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';
import { slackRetryAfterMs } from './slack-retry-after.js';
import { withinSlackLimits } from './within-slack-limits.js';

/** The Web API calls a follow-up needs (chat.update, chat.postMessage with thread_ts, chat.postEphemeral). */
export interface FollowUpSlackApi {
  update(target: { channelId: string; ts: string }, message: SlackMessage): Promise<void>;
  post(target: { channelId: string; threadTs?: string }, message: SlackMessage): Promise<{ ts?: string }>;
  postEphemeral(target: { channelId: string; userId: string }, message: SlackMessage): Promise<void>;
}

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

/** An end refused with 429 this many times in a row goes on by the other routes (thread reply, …). */
const MAX_RATE_LIMITED = 5;

interface EditResult {
  readonly sent: boolean;
  /** Slack answered 429 with this Retry-After. */
  readonly retryAfterMs?: number;
}

/** Slack honours a response_url for 30 minutes and five uses (slack-platform.md §1.4). */
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_USES = 5;
/** A little before the 30 minutes: a post that arrives at 29:59.9 must not be the one refused. */
const RESPONSE_URL_SAFETY_MS = 60_000;

interface MessageState {
  lastEditAt?: number;
  /** The newest progress not yet shown, and the timer that will show it. */
  pending?: FollowUp;
  timer?: unknown;
  /** The last edit sent, so two edits never overtake each other. */
  chain: Promise<void>;
  /** The end or release arrived: progress shows no more. */
  final?: boolean;
}

/**
 * Tells the channel how a followed write goes, on the message that reported it: chat.update when
 * its ts is known (at most one edit per message every few seconds, the newest progress winning),
 * then a thread reply naming the end; with only a response_url, replace_original while Slack still
 * takes it (keeping its last use for the end), else a new message that names the original, else a
 * private note to the requester. Every failure is logged; none is silent.
 */
export class SlackFollowUpNotifier implements FollowUpNotifier {
  readonly #deps: SlackFollowUpNotifierDeps;
  readonly #editMs: number;
  readonly #urlEditMs: number;
  readonly #resumes: boolean;
  readonly #budget: FollowUpEditBudget;
  readonly #releaseWaitMs: number;
  /** Releases that got no edit slot: one summary message per channel at flush. */
  readonly #releaseSummaries: FollowUpReleaseSummaries;
  readonly #messages = new Map<string, MessageState>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(deps: SlackFollowUpNotifierDeps) {
    this.#deps = deps;
    this.#editMs = deps.minEditIntervalMs ?? 5_000;
    this.#urlEditMs = deps.minResponseUrlEditMs ?? 60_000;
    this.#resumes = deps.resumesAfterRestart ?? false;
    this.#releaseWaitMs = deps.releaseWaitMs ?? 10_000;
    this.#releaseSummaries = new FollowUpReleaseSummaries({
      post: (channelId, message, about) =>
        this.#try(about, 'chat.postMessage (release summary)', () =>
          this.#deps.api.post({ channelId }, message),
        ),
      clock: deps.clock,
      logger: deps.logger,
      resumes: this.#resumes,
    });
    this.#budget = new FollowUpEditBudget({
      perMinute: deps.editsPerMinute ?? 40,
      clock: deps.clock,
      timers: deps.timers,
    });
  }

  async notify(followUp: FollowUp, event: FollowUpEvent): Promise<FollowUpMessageRef | undefined> {
    const ref = followUp.message;
    if (ref === undefined) {
      this.#log(followUp).warn(
        { decision: 'follow_up_unannounced', event },
        'no message to tell about this follow-up; the log is its only record',
      );
      return undefined;
    }
    if (ref.channelId !== undefined && ref.ts !== undefined) {
      return this.#viaWebApi(followUp, event, { channelId: ref.channelId, ts: ref.ts });
    }
    return this.#viaResponseUrl(followUp, event, ref);
  }

  async #viaWebApi(
    followUp: FollowUp,
    event: FollowUpEvent,
    target: { channelId: string; ts: string },
  ): Promise<FollowUpMessageRef | undefined> {
    const state = this.#state(followUp);
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

  /**
   * The newest progress, if the workspace's edit budget has a token free; else it is skipped and
   * asked again one interval later, by when newer progress may have replaced it.
   */
  #showProgress(state: MessageState, target: { channelId: string; ts: string }): void {
    state.timer = undefined;
    const latest = state.pending;
    if (latest === undefined || state.final === true) return;
    if (!this.#budget.tryTake()) {
      this.#log(latest).debug(
        { decision: 'follow_up_edit_skipped', reason: 'budget', waitingEnds: this.#budget.waiting },
        'progress not shown yet: the workspace-wide edit budget is spent (ends go first)',
      );
      state.timer = this.#deps.timers.set(this.#editMs, () => this.#showProgress(state, target));
      return;
    }
    state.pending = undefined;
    void this.#edit(state, latest, 'progress', target).then((result) => {
      if (result.retryAfterMs === undefined) return;
      this.#budget.backOff(result.retryAfterMs);
      // Shown later, unless newer progress or the end replaced it meanwhile.
      if (state.final === true || state.timer !== undefined) return;
      state.pending ??= latest;
      state.timer = this.#deps.timers.set(Math.max(this.#editMs, result.retryAfterMs), () =>
        this.#showProgress(state, target),
      );
    });
  }

  /**
   * An end or release: queued for a token, never dropped; a 429 waits out its Retry-After and tries
   * again. Only a release (shutdown) gives up its place once `giveUpAt` passes: 'no_token'.
   */
  async #finalEdit(
    state: MessageState,
    followUp: FollowUp,
    event: FollowUpEvent,
    target: { channelId: string; ts: string },
    giveUpAt?: number,
  ): Promise<boolean | 'no_token'> {
    for (let attempt = 1; ; attempt++) {
      const left = giveUpAt === undefined ? undefined : giveUpAt - this.#deps.clock.now().getTime();
      if (!(await this.#budget.take(left === undefined ? undefined : Math.max(0, left)))) return 'no_token';
      const result = await this.#edit(state, followUp, event, target);
      if (result.retryAfterMs === undefined) return result.sent;
      this.#budget.backOff(result.retryAfterMs);
      if (attempt >= MAX_RATE_LIMITED) return false;
    }
  }

  async #finishOnMessage(
    state: MessageState,
    followUp: FollowUp,
    event: FollowUpEvent,
    target: { channelId: string; ts: string },
  ): Promise<void> {
    // A shutdown has a deadline: a release waits this long at most for its edit slot and a token.
    const giveUpAt =
      event === 'released' ? this.#deps.clock.now().getTime() + this.#releaseWaitMs : undefined;
    await state.chain;
    const wait = Math.min(this.#wait(state), giveUpAt === undefined ? Infinity : this.#releaseWaitMs);
    if (wait > 0) await new Promise<void>((resolve) => this.#deps.timers.set(wait, resolve));
    const edited = await this.#finalEdit(state, followUp, event, target, giveUpAt);
    this.#messages.delete(followUp.id);
    if (edited === 'no_token') {
      this.#releaseSummaries.defer(followUp, target.channelId);
      return;
    }
    const reply = renderFollowUpEnd(followUp, event, this.#deps.clock.now(), false, this.#resumes);
    const threaded = await this.#try(followUp, 'chat.postMessage (thread)', () =>
      this.#deps.api.post({ channelId: target.channelId, threadTs: target.ts }, this.#fit(reply, followUp)),
    );
    if (!edited && !threaded) await this.#continueElsewhere(followUp, event, target.channelId);
  }

  async #viaResponseUrl(
    followUp: FollowUp,
    event: FollowUpEvent,
    ref: FollowUpMessageRef,
  ): Promise<FollowUpMessageRef | undefined> {
    const now = this.#deps.clock.now().getTime();
    const uses = ref.responseUrlUses ?? 1;
    const issued = ref.responseUrlIssuedAt?.getTime() ?? followUp.startedAt.getTime();
    const alive =
      ref.responseUrl !== undefined && now - issued < RESPONSE_URL_TTL_MS - RESPONSE_URL_SAFETY_MS;
    const final = event === 'ended' || event === 'released';
    const state = this.#state(followUp);
    // Progress may spend uses 2 to 4; the fifth is kept for the end.
    const spare = final ? uses < RESPONSE_URL_USES : uses < RESPONSE_URL_USES - 1;
    if (alive && spare && ref.responseUrl !== undefined) {
      if (!final && now - (state.lastEditAt ?? 0) < this.#urlEditMs) {
        this.#log(followUp).debug(
          { decision: 'follow_up_edit_skipped', uses },
          'progress not shown: the response_url was used less than a minute ago (five uses in all)',
        );
        return undefined;
      }
      const url = ref.responseUrl;
      const message = renderFollowedMessage(followUp, event, this.#deps.clock.now(), this.#resumes);
      state.lastEditAt = now;
      const sent = await this.#try(followUp, 'response_url', () =>
        this.#deps.postToResponseUrl(url, {
          ...this.#fit(message, followUp),
          response_type: 'in_channel',
          replace_original: true,
        }),
      );
      if (final) this.#messages.delete(followUp.id);
      if (sent) return { responseUrlUses: uses + 1 };
      if (!final) return undefined;
    }
    this.#messages.delete(followUp.id);
    // The response_url is spent or expired: the follow-up goes on in a message of its own that names
    // the original (its ts known, so it is edited from now on and the end threads under it).
    return this.#continueElsewhere(followUp, event, ref.channelId);
  }

  async #continueElsewhere(
    followUp: FollowUp,
    event: FollowUpEvent,
    channelId: string | undefined,
  ): Promise<FollowUpMessageRef | undefined> {
    const final = event === 'ended' || event === 'released';
    if (channelId !== undefined) {
      // A new message costs like an edit: 100 follow-ups whose response_urls expire together must
      // not post 100 messages into one channel at once. Progress skips; an end waits its turn.
      if (!final && !this.#budget.tryTake()) {
        this.#log(followUp).debug(
          { decision: 'follow_up_edit_skipped', reason: 'budget', route: 'chat.postMessage' },
          'progress not shown yet: the workspace-wide edit budget is spent',
        );
        return undefined;
      }
      if (final && !(await this.#budget.take(event === 'released' ? this.#releaseWaitMs : undefined))) {
        this.#releaseSummaries.defer(followUp, channelId);
        return undefined;
      }
    }
    const now = this.#deps.clock.now();
    if (channelId !== undefined) {
      const own = { ...followUp, message: { ...followUp.message, standalone: true } };
      const message = this.#fit(renderFollowedMessage(own, event, now, this.#resumes), followUp);
      let ts: string | undefined;
      const posted = await this.#try(followUp, 'chat.postMessage', async () => {
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
      const end = this.#fit(renderFollowUpEnd(followUp, event, now, true, this.#resumes), followUp);
      if (
        await this.#try(followUp, 'chat.postEphemeral', () =>
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

  async #edit(
    state: MessageState,
    followUp: FollowUp,
    event: FollowUpEvent,
    target: { channelId: string; ts: string },
  ): Promise<EditResult> {
    // Set now, not when the edit goes out: a notice arriving meanwhile must wait its turn.
    state.lastEditAt = this.#deps.clock.now().getTime();
    const run = state.chain.then(async (): Promise<EditResult> => {
      const message = this.#fit(
        renderFollowedMessage(followUp, event, this.#deps.clock.now(), this.#resumes),
        followUp,
      );
      let limited: number | undefined;
      const sent = await this.#try(
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

  /** Resolves once every edit started so far went out (tests and shutdown wait on it). */
  async flush(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
    await this.#releaseSummaries.flush();
  }

  #wait(state: MessageState): number {
    if (state.lastEditAt === undefined) return 0;
    return Math.max(0, state.lastEditAt + this.#editMs - this.#deps.clock.now().getTime());
  }

  /** Per message; the result's own post counts as its first edit. */
  #state(followUp: FollowUp): MessageState {
    let state = this.#messages.get(followUp.id);
    if (state === undefined) {
      state = { chain: Promise.resolve(), lastEditAt: followUp.startedAt.getTime() };
      this.#messages.set(followUp.id, state);
    }
    return state;
  }

  #fit(message: SlackMessage, followUp: FollowUp): SlackMessage {
    return withinSlackLimits(message, followUp.correlationId);
  }

  async #try(
    followUp: FollowUp,
    route: string,
    send: () => Promise<unknown>,
    onError?: (error: unknown) => void,
  ): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      onError?.(error);
      const slackError = (error as { data?: { error?: unknown } }).data?.error;
      this.#log(followUp).warn(
        {
          decision: 'follow_up_route_failed',
          route,
          slackError: typeof slackError === 'string' ? slackError : null,
          err: error,
        },
        `Slack refused the follow-up by ${route}`,
      );
      return false;
    }
  }

  #log(followUp: FollowUp): Logger {
    return this.#deps.logger.child({ followUpId: followUp.id, correlationId: followUp.correlationId });
  }
}
