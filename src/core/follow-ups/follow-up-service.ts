import type { Logger } from 'pino';
import type { ActionDefinition, ActionParams } from '../actions/action-definition.js';
import type { Clock } from '../engine/engine-clock.js';
import type { PdRequest } from '../pd/pd-request.js';
import type { FollowUpDeclaration, Judgement, PollAnswer, Sample } from './follow-up-declaration.js';
import type {
  FollowUpNotifier,
  FollowUpReader,
  FollowUpSettings,
  FollowUpTimers,
} from './follow-up-ports.js';
import type { FollowUp, FollowUpMessageRef, FollowUpState, FollowUpStore } from './follow-up-store.js';
import { ReadGate } from './read-gate.js';

export interface FollowUpServiceDeps {
  readonly store: FollowUpStore;
  readonly clock: Pick<Clock, 'now'>;
  readonly timers: FollowUpTimers;
  readonly read: FollowUpReader;
  readonly notifier: FollowUpNotifier;
  readonly logger: Logger;
  /** The actions, to find a resumed follow-up's declaration by its action's name. */
  readonly actions: () => readonly ActionDefinition[];
  readonly settings: FollowUpSettings;
  /** This bot instance, as recorded in the store's `owner`. */
  readonly owner: string;
}

export interface StartFollowUp {
  readonly action: ActionDefinition;
  readonly params: ActionParams;
  readonly cluster: string;
  readonly requesterId: string;
  readonly correlationId: string;
  readonly message?: FollowUpMessageRef;
}

/** Samples kept per follow-up: enough for a rate over the stall window at the poll cap. */
const MAX_SAMPLES = 64;
const ENDED: readonly FollowUpState[] = ['succeeded', 'failed', 'stopped'];

interface Tracked {
  record: FollowUp;
  readonly declaration: FollowUpDeclaration;
  readonly samples: Sample[];
  /** Set once the poll said the end came; the follow-up then only waits for its verify read. */
  verifying: boolean;
  lastUnreadable?: string;
}

/** One subject (cluster + poll read) polled once per round for every follow-up watching it. */
interface Watch {
  readonly key: string;
  readonly cluster: string;
  readonly request: PdRequest;
  readonly followers: Set<string>;
  intervalMs: number;
  timer?: unknown;
}

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
  readonly #tracked = new Map<string, Tracked>();
  readonly #watches = new Map<string, Watch>();
  readonly #waiters = new Map<string, ((f: FollowUp) => void)[]>();
  readonly #pendingTimers = new Set<unknown>();
  readonly #idleWaiters: (() => void)[] = [];
  /** Polls and verify reads under way (with their judging and notices). */
  #busy = 0;
  #stopped = false;
  #released = false;

  constructor(deps: FollowUpServiceDeps) {
    this.#deps = deps;
    this.#gate = new ReadGate(deps.read, deps.settings.maxReadsPerCluster);
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
    const record = await this.#deps.store.create({
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
      ...(input.message !== undefined && { message: input.message }),
    });
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
      await this.#notify(record, 'released');
      return record;
    }
    this.#log(record).info(
      { decision: 'follow_up_started', deadline: record.deadline.toISOString(), poll: declaration.poll.path },
      `following ${input.action.name} on ${declaration.kind} ${declaration.subjectId} until it ends (at most until ${record.deadline.toISOString()})`,
    );
    this.#track(record, declaration);
    return record;
  }

  /** Resumes, after a restart, every active follow-up nobody polls (a shared store: other bots' too). */
  async resume(): Promise<FollowUp[]> {
    const resumed: FollowUp[] = [];
    for (const candidate of await this.#deps.store.listActive()) {
      if (this.#stopped || candidate.owner !== undefined || this.#tracked.has(candidate.id)) continue;
      const action = this.#deps.actions().find((a) => a.name === candidate.actionName);
      const declaration = action && this.declarationFor(action, candidate.params);
      const claimed = await this.#deps.store.claim(candidate.id, undefined, this.#deps.owner);
      if (claimed === undefined) continue;
      if (declaration === undefined) {
        await this.#finish(
          claimed,
          'stopped',
          'UNKNOWN_ACTION',
          'the bot no longer knows how to follow this action',
        );
        continue;
      }
      this.#log(claimed).info(
        { decision: 'follow_up_resumed', state: claimed.state, status: claimed.status ?? null },
        `resumed following ${claimed.actionName} on ${claimed.kind} ${claimed.subjectId} after a restart`,
      );
      this.#track(claimed, declaration);
      await this.#notify(claimed, 'resumed');
      resumed.push(claimed);
    }
    return resumed;
  }

  /** Resolves with the follow-up once it ended (or was released at shutdown). */
  whenEnded(id: string): Promise<FollowUp> {
    return new Promise((resolve) => {
      const list = this.#waiters.get(id) ?? [];
      list.push(resolve);
      this.#waiters.set(id, list);
    });
  }

  /** Resolves when no poll or verify read is under way (tests and benchmarks step time with it). */
  idle(): Promise<void> {
    if (this.#busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async #busyWith(work: () => Promise<void>): Promise<void> {
    this.#busy++;
    try {
      await work();
    } catch (error) {
      this.#deps.logger.error(
        { decision: 'follow_up_error', err: error },
        'follow-up poll failed inside the bot',
      );
    } finally {
      this.#busy--;
      if (this.#busy === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    }
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
        await this.#notify(released, 'released');
        this.#wake(released);
      }),
    );
    // Ends announced just before the shutdown may still be waiting for their edit slot.
    await this.#deps.notifier.flush?.();
  }

  /** No read is sent or scheduled from now on (reads in flight are ignored when they answer). */
  stopPolling(): void {
    this.#stopped = true;
    for (const watch of this.#watches.values()) this.#deps.timers.clear(watch.timer);
    for (const timer of this.#pendingTimers) this.#deps.timers.clear(timer);
    this.#watches.clear();
    this.#pendingTimers.clear();
  }

  #track(record: FollowUp, declaration: FollowUpDeclaration): void {
    this.#tracked.set(record.id, { record, declaration, samples: [], verifying: false });
    const key = `${record.cluster}\u0000${declaration.poll.method} ${declaration.poll.path}`;
    let watch = this.#watches.get(key);
    if (watch === undefined) {
      watch = {
        key,
        cluster: record.cluster,
        request: declaration.poll,
        followers: new Set(),
        intervalMs: this.#deps.settings.firstPollMs,
      };
      this.#watches.set(key, watch);
      this.#schedule(watch);
    }
    watch.followers.add(record.id);
  }

  #schedule(watch: Watch): void {
    const delay = watch.intervalMs;
    watch.intervalMs = Math.min(watch.intervalMs * 2, this.#deps.settings.maxPollMs);
    watch.timer = this.#deps.timers.set(delay, () => {
      watch.timer = undefined;
      void this.#busyWith(() => this.#poll(watch));
    });
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
    if (watch.followers.size === 0) this.#watches.delete(watch.key);
    else this.#schedule(watch);
  }

  async #judge(tracked: Tracked, answer: PollAnswer, watch: Watch): Promise<void> {
    const { record, declaration } = tracked;
    const now = this.#deps.clock.now();
    if (now.getTime() >= record.deadline.getTime()) {
      watch.followers.delete(record.id);
      await this.#finish(
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
        await this.#progress(tracked, judgement, now);
        return;
      case 'terminal':
        watch.followers.delete(record.id);
        tracked.verifying = true;
        if (declaration.verify === undefined) {
          await this.#finish(record, judgement.state, judgement.status, judgement.detail);
          return;
        }
        await this.#verify(tracked, judgement, 1);
        return;
    }
  }

  async #progress(
    tracked: Tracked,
    judgement: Extract<Judgement, { kind: 'progress' }>,
    now: Date,
  ): Promise<void> {
    const { record } = tracked;
    if (judgement.value !== undefined) {
      tracked.samples.push({ atMs: now.getTime(), value: judgement.value });
      if (tracked.samples.length > MAX_SAMPLES) tracked.samples.shift();
    }
    const deadline =
      judgement.timeoutMs === undefined
        ? record.deadline
        : new Date(record.startedAt.getTime() + judgement.timeoutMs + this.#deps.settings.deadlineMarginMs);
    const state: FollowUpState = judgement.stalled === true ? 'stalled' : 'following';
    const changed =
      state !== record.state ||
      judgement.status !== record.status ||
      judgement.detail !== record.detail ||
      deadline.getTime() !== record.deadline.getTime();
    if (!changed) return;
    const patch = { status: judgement.status, detail: judgement.detail, deadline, updatedAt: now };
    const next =
      state === record.state
        ? await this.#deps.store.update(record.id, patch)
        : await this.#deps.store.transition(record.id, record.state, state, patch);
    if (next === undefined) return;
    tracked.record = next;
    this.#log(next).info(
      { decision: 'follow_up_progress', state, status: judgement.status, detail: judgement.detail },
      `${next.actionName} on ${next.kind} ${next.subjectId}: ${judgement.status}${state === 'stalled' ? ' (stalled)' : ''}`,
    );
    await this.#notify(next, 'progress');
  }

  async #verify(
    tracked: Tracked,
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
        void this.#busyWith(() => this.#verify(tracked, ended, attempt + 1));
      });
      this.#pendingTimers.add(timer);
      return;
    }
    await this.#finish(tracked.record, verdict.state, verdict.status, verdict.detail);
  }

  async #finish(
    record: FollowUp,
    state: Exclude<FollowUpState, 'following' | 'stalled'>,
    status: string,
    detail: string,
  ): Promise<void> {
    this.#tracked.delete(record.id);
    const now = this.#deps.clock.now();
    const current = (await this.#deps.store.get(record.id)) ?? record;
    const ended = ENDED.includes(current.state)
      ? undefined
      : await this.#deps.store.transition(record.id, current.state, state, {
          status,
          detail,
          finishedAt: now,
          updatedAt: now,
        });
    if (ended === undefined) {
      this.#log(record).warn(
        { decision: 'follow_up_lost', state: current.state },
        'the follow-up changed in the store meanwhile (another bot?); leaving it as it is',
      );
      return;
    }
    this.#log(ended).info(
      {
        decision: state === 'stopped' ? 'follow_up_stopped' : 'follow_up_ended',
        state,
        status,
        detail,
        durationMs: now.getTime() - ended.startedAt.getTime(),
      },
      `${ended.actionName} on ${ended.kind} ${ended.subjectId} ended: ${status}`,
    );
    await this.#notify(ended, 'ended');
    this.#wake(ended);
  }

  async #notify(record: FollowUp, event: Parameters<FollowUpNotifier['notify']>[1]): Promise<void> {
    try {
      const message = await this.#deps.notifier.notify(record, event);
      if (message === undefined) return;
      const saved = await this.#deps.store.update(record.id, { message });
      const tracked = this.#tracked.get(record.id);
      if (saved !== undefined && tracked !== undefined) tracked.record = saved;
    } catch (error) {
      this.#log(record).error(
        { decision: 'follow_up_notify_failed', event, err: error },
        'could not tell anyone about the follow-up',
      );
    }
  }

  /** Only a store that outlives the process lets the next bot resume; memory dies with this one. */
  #afterRelease(declaration: FollowUpDeclaration): string {
    return this.#deps.store.durable
      ? 'the next bot to start resumes it'
      : `nothing resumes it (the follow-up store is in memory); check with: ${declaration.checkCommand}`;
  }

  #wake(record: FollowUp): void {
    for (const wake of this.#waiters.get(record.id) ?? []) wake(record);
    this.#waiters.delete(record.id);
  }

  #log(record: FollowUp): Logger {
    return this.#deps.logger.child({
      followUpId: record.id,
      correlationId: record.correlationId,
      cluster: record.cluster,
      kind: record.kind,
      subjectId: record.subjectId,
      action: record.actionName,
    });
  }
}
