import type { Logger } from 'pino';
import type { ActionDefinition, ActionParams } from '../actions/action-definition.js';
import { afterReleaseText } from './after-release-text.js';
import { BusyCounter } from './busy-counter.js';
import { EndWaiters } from './end-waiters.js';
import type { FollowUpDeclaration, Judgement, PollAnswer } from './follow-up-declaration.js';
import { FollowUpLeases } from './follow-up-leases.js';
import { followUpLogger } from './follow-up-logger.js';
import { FollowUpRecorder } from './follow-up-recorder.js';
import type { FollowUpServiceDeps } from './follow-up-service-deps.js';
import type { FollowUp } from './follow-up-store.js';
import { PollWatches, type Watch } from './poll-watches.js';
import { ReadGate } from './read-gate.js';
import type { StartFollowUp } from './start-follow-up.js';
import type { TrackedFollowUp } from './tracked-follow-up.js';

export type { FollowUpServiceDeps } from './follow-up-service-deps.js';
export type { StartFollowUp } from './start-follow-up.js';

/**
 * Follows writes PD accepted to their end: polls each subject once per round however many follow it,
 * backs off (1 s, 2 s, 4 s … capped), keeps each follow-up within its deadline, verifies the end with
 * one more read, and tells the notifier (which rate-limits message edits) — one log line per decision.
 * Shutdown stops the polling at once and releases the follow-ups: the next bot resumes them when the
 * store outlives the process (store.durable), and the messages say which.
 */
export class FollowUpService {
  readonly #deps: FollowUpServiceDeps;
  readonly #gate: ReadGate;
  readonly #tracked = new Map<string, TrackedFollowUp>();
  readonly #watches: PollWatches;
  readonly #waiters = new EndWaiters();
  readonly #pendingTimers = new Set<unknown>();
  /** Polls and verify reads under way (with their judging and notices). */
  readonly #busy: BusyCounter;
  readonly #recorder: FollowUpRecorder;
  /** Leases on a shared store's follow-ups (deps.leaseMs with a durable store); undefined otherwise. */
  readonly #leases: FollowUpLeases | undefined;
  #stopped = false;
  #released = false;

  constructor(deps: FollowUpServiceDeps) {
    this.#deps = deps;
    this.#gate = new ReadGate(deps.read, deps.settings.maxReadsPerCluster);
    this.#busy = new BusyCounter(deps.logger);
    this.#recorder = new FollowUpRecorder({
      store: deps.store,
      clock: deps.clock,
      notifier: deps.notifier,
      logger: deps.logger,
      deadlineMarginMs: deps.settings.deadlineMarginMs,
      tracked: this.#tracked,
      waiters: this.#waiters,
    });
    this.#leases =
      deps.leaseMs !== undefined && deps.store.durable
        ? new FollowUpLeases({
            store: deps.store,
            clock: deps.clock,
            timers: deps.timers,
            logger: deps.logger,
            owner: deps.owner,
            leaseMs: deps.leaseMs,
            tracked: () => this.#tracked.keys(),
            drop: (id) => {
              this.#tracked.delete(id);
            },
            adopt: async (claimed, from) => {
              await this.#adopt(claimed, from);
            },
            run: (round) => this.#busy.run(round),
          })
        : undefined;
    this.#watches = new PollWatches({
      timers: deps.timers,
      settings: deps.settings,
      onDue: (watch) => void this.#busy.run(() => this.#poll(watch)),
    });
  }

  /** The action's declaration for these parameters, or undefined when it declares none. */
  declarationFor(action: ActionDefinition, params: ActionParams): FollowUpDeclaration | undefined {
    return action.followUp?.(params);
  }

  /** Starts following a write PD accepted; undefined when the action declares nothing to follow. */
  async start(input: StartFollowUp): Promise<FollowUp | undefined> {
    const declaration = this.declarationFor(input.action, input.params);
    if (declaration === undefined) return undefined;
    const now = this.#deps.clock.now();
    const budget =
      declaration.budgetMs === 'drain'
        ? this.#deps.settings.drainMaxMs
        : declaration.budgetMs + this.#deps.settings.deadlineMarginMs;
    let record: FollowUp;
    try {
      record = await this.#createRecord(input, declaration, now, budget);
    } catch (error) {
      // The write happened and its result is posted; a store that cannot record the follow-up (Redis
      // lost) costs the progress edits, never the answer, so this is logged rather than thrown.
      this.#deps.logger.error(
        {
          decision: 'follow_up_not_started',
          correlationId: input.correlationId,
          action: input.action.name,
          subjectId: declaration.subjectId,
          err: error,
        },
        `not following ${input.action.name} on ${declaration.kind} ${declaration.subjectId}: the follow-up could not be recorded`,
      );
      return undefined;
    }
    if (this.#stopped) {
      this.#log(record).info(
        {
          decision: 'follow_up_stopped',
          reason: 'shutting down',
          state: record.state,
          status: null,
          resumes: this.#deps.store.durable,
        },
        `not following ${input.action.name} on ${declaration.kind} ${declaration.subjectId}: the bot is shutting down; ${this.#afterRelease(declaration)}`,
      );
      await this.#recorder.notify(record, 'released');
      return record;
    }
    this.#log(record).info(
      { decision: 'follow_up_started', deadline: record.deadline.toISOString(), poll: declaration.poll.path },
      `following ${input.action.name} on ${declaration.kind} ${declaration.subjectId} until it ends (at most until ${record.deadline.toISOString()})`,
    );
    this.#leases?.held(record);
    this.#track(record, declaration);
    return record;
  }

  #createRecord(
    input: StartFollowUp,
    declaration: FollowUpDeclaration,
    now: Date,
    budget: number,
  ): Promise<FollowUp> {
    return this.#deps.store.create({
      kind: declaration.kind,
      cluster: input.cluster,
      subjectId: declaration.subjectId,
      actionName: input.action.name,
      params: input.params,
      requesterId: input.requesterId,
      correlationId: input.correlationId,
      startedAt: now,
      deadline: new Date(now.getTime() + budget),
      // A write that finished while the bot shuts down is recorded unowned: the next bot resumes it.
      ...(!this.#stopped && { owner: this.#deps.owner }),
      ...(!this.#stopped && this.#leases !== undefined && { leaseUntil: this.#leases.lease().until }),
      ...(input.message !== undefined && { message: input.message }),
    });
  }

  /**
   * Resumes, after a restart, every active follow-up nobody polls (a shared store: other bots' too);
   * with leases, from then on also renews this bot's and takes over those whose owner died.
   */
  async resume(): Promise<FollowUp[]> {
    const resumed: FollowUp[] = [];
    for (const candidate of await this.#deps.store.listActive()) {
      if (this.#stopped || candidate.owner !== undefined || this.#tracked.has(candidate.id)) continue;
      const claimed = await this.#deps.store.claim(
        candidate.id,
        undefined,
        this.#deps.owner,
        this.#leases?.lease(),
      );
      if (claimed === undefined) continue;
      this.#leases?.held(claimed);
      if (await this.#adopt(claimed, undefined)) resumed.push(claimed);
    }
    this.#leases?.start();
    return resumed;
  }

  /** Renews this bot's leases and takes over lapsed ones now, as the lease timer would. */
  async renewLeases(): Promise<void> {
    await this.#leases?.round();
  }

  /** Polls a follow-up this bot just claimed (after a restart, or from a replica that died). */
  async #adopt(claimed: FollowUp, takenFrom: string | undefined): Promise<boolean> {
    const action = this.#deps.actions().find((a) => a.name === claimed.actionName);
    const declaration = action && this.declarationFor(action, claimed.params);
    if (declaration === undefined) {
      await this.#recorder.finish(
        claimed,
        'stopped',
        'UNKNOWN_ACTION',
        'the bot no longer knows how to follow this action',
      );
      return false;
    }
    this.#log(claimed).info(
      {
        decision: 'follow_up_resumed',
        state: claimed.state,
        status: claimed.status ?? null,
        ...(takenFrom !== undefined && { takenFrom }),
      },
      `resumed following ${claimed.actionName} on ${claimed.kind} ${claimed.subjectId} ${
        takenFrom === undefined ? 'after a restart' : `after ${takenFrom} stopped`
      }`,
    );
    this.#track(claimed, declaration);
    await this.#recorder.notify(claimed, 'resumed');
    return true;
  }

  /** Resolves with the follow-up once it ended (or was released at shutdown). */
  whenEnded(id: string): Promise<FollowUp> {
    return this.#waiters.when(id);
  }

  /** Resolves when no poll or verify read is under way (tests and benchmarks step time with it). */
  idle(): Promise<void> {
    return this.#busy.idle();
  }

  /** Follow-ups this bot polls now. */
  get following(): number {
    return this.#tracked.size;
  }

  /**
   * Stops polling at once (stopPolling: nothing waits for a read), then releases each follow-up in the store and
   * tells its message that the bot stopped following and how to check by hand.
   */
  async shutdown(reason: string): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    this.stopPolling();
    const tracked = [...this.#tracked.values()];
    this.#tracked.clear();
    await Promise.all(
      tracked.map(async (t) => {
        const released = (await this.#deps.store.claim(t.record.id, this.#deps.owner, undefined)) ?? t.record;
        this.#log(released).info(
          {
            decision: 'follow_up_stopped',
            reason,
            state: released.state,
            status: released.status ?? null,
            resumes: this.#deps.store.durable,
          },
          `stopped following ${released.actionName} on ${released.kind} ${released.subjectId}: ${reason}; ${this.#afterRelease(t.declaration)}`,
        );
        await this.#recorder.notify(released, 'released');
        this.#wake(released);
      }),
    );
    // Ends announced just before the shutdown may still be waiting for their edit slot.
    await this.#deps.notifier.flush?.();
  }

  /** No read is sent or scheduled from now on (reads in flight are ignored when they answer). */
  stopPolling(): void {
    this.#stopped = true;
    this.#leases?.stop();
    this.#watches.clear();
    for (const timer of this.#pendingTimers) this.#deps.timers.clear(timer);
    this.#pendingTimers.clear();
  }

  #track(record: FollowUp, declaration: FollowUpDeclaration): void {
    this.#tracked.set(record.id, { record, declaration, samples: [], verifying: false });
    this.#watches.add(record.cluster, declaration.poll, record.id);
  }

  async #poll(watch: Watch): Promise<void> {
    if (this.#stopped) return;
    const answer = await this.#gate.read(watch.cluster, watch.request);
    if (this.#stopped) return;
    // Every follower judges the one answer together, so the verify reads of followers that ended in
    // the same round are in flight together too, and the read gate sends each only once.
    await Promise.all(
      [...watch.followers].map(async (id) => {
        const tracked = this.#tracked.get(id);
        if (tracked === undefined || tracked.verifying) {
          watch.followers.delete(id);
          return;
        }
        try {
          await this.#judge(tracked, answer, watch);
        } catch (error) {
          this.#log(tracked.record).error(
            { decision: 'follow_up_error', err: error },
            'follow-up step failed',
          );
        }
      }),
    );
    if (this.#stopped) return;
    this.#watches.next(watch);
  }

  async #judge(tracked: TrackedFollowUp, answer: PollAnswer, watch: Watch): Promise<void> {
    const { record, declaration } = tracked;
    const now = this.#deps.clock.now();
    if (now.getTime() >= record.deadline.getTime()) {
      watch.followers.delete(record.id);
      await this.#recorder.finish(
        record,
        'stopped',
        'DEADLINE',
        `PD reported no end by ${record.deadline.toISOString()}; the bot stopped following. Check with: ${declaration.checkCommand}`,
      );
      return;
    }
    const judgement = declaration.judge(answer, {
      now,
      startedAt: record.startedAt,
      samples: tracked.samples,
      stallMs: this.#deps.settings.drainStallMs,
    });
    switch (judgement.kind) {
      case 'unreadable':
        if (tracked.lastUnreadable !== judgement.detail) {
          tracked.lastUnreadable = judgement.detail;
          this.#log(record).warn(
            { decision: 'follow_up_poll_failed', detail: judgement.detail },
            `could not read the follow-up's state this time; asking again later`,
          );
        }
        return;
      case 'progress':
        tracked.lastUnreadable = undefined;
        await this.#recorder.progress(tracked, judgement, now);
        return;
      case 'terminal':
        watch.followers.delete(record.id);
        tracked.verifying = true;
        if (declaration.verify === undefined) {
          await this.#recorder.finish(record, judgement.state, judgement.status, judgement.detail);
          return;
        }
        await this.#verify(tracked, judgement, 1);
        return;
    }
  }

  async #verify(
    tracked: TrackedFollowUp,
    ended: Extract<Judgement, { kind: 'terminal' }>,
    attempt: number,
  ): Promise<void> {
    const verify = tracked.declaration.verify;
    if (verify === undefined || this.#stopped) return;
    const answer = await this.#gate.read(tracked.record.cluster, verify.read);
    if (this.#stopped) return;
    const verdict = verify.judge(answer, ended);
    if (verdict.retry === true && attempt < this.#deps.settings.verifyTries) {
      const timer = this.#deps.timers.set(this.#deps.settings.firstPollMs * 2 ** (attempt - 1), () => {
        this.#pendingTimers.delete(timer);
        void this.#busy.run(() => this.#verify(tracked, ended, attempt + 1));
      });
      this.#pendingTimers.add(timer);
      return;
    }
    await this.#recorder.finish(tracked.record, verdict.state, verdict.status, verdict.detail);
  }

  #afterRelease(declaration: FollowUpDeclaration): string {
    return afterReleaseText(this.#deps.store.durable, declaration);
  }

  #wake(record: FollowUp): void {
    this.#waiters.wake(record);
  }

  #log(record: FollowUp): Logger {
    return followUpLogger(this.#deps.logger, record);
  }
}
