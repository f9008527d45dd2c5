import type { Logger } from 'pino';
import type { Clock } from '../engine/engine-clock.js';
import type { EndWaiters } from './end-waiters.js';
import type { Judgement } from './follow-up-declaration.js';
import { followUpLogger } from './follow-up-logger.js';
import type { FollowUpNotifier } from './follow-up-ports.js';
import type { FollowUp, FollowUpState, FollowUpStore } from './follow-up-store.js';
import { progressChange } from './progress-change.js';
import type { TrackedFollowUp } from './tracked-follow-up.js';

/** Samples kept per follow-up: enough for a rate over the stall window at the poll cap. */
const MAX_SAMPLES = 64;
const ENDED: readonly FollowUpState[] = ['succeeded', 'failed', 'stopped'];

export interface FollowUpRecorderDeps {
  readonly store: FollowUpStore;
  readonly clock: Pick<Clock, 'now'>;
  readonly notifier: FollowUpNotifier;
  readonly logger: Logger;
  readonly deadlineMarginMs: number;
  /** The service's follow-ups (shared): an end forgets one, a saved message refreshes its record. */
  readonly tracked: Map<string, TrackedFollowUp>;
  readonly waiters: EndWaiters;
}

/**
 * Writes each step of a follow-up to the store and tells the notifier: progress, the end (or a stop),
 * and the message reference the notifier hands back — one log line per decision.
 */
export class FollowUpRecorder {
  readonly #deps: FollowUpRecorderDeps;

  constructor(deps: FollowUpRecorderDeps) {
    this.#deps = deps;
  }

  async progress(
    tracked: TrackedFollowUp,
    judgement: Extract<Judgement, { kind: 'progress' }>,
    now: Date,
  ): Promise<void> {
    const { record } = tracked;
    if (judgement.value !== undefined) {
      tracked.samples.push({ atMs: now.getTime(), value: judgement.value });
      if (tracked.samples.length > MAX_SAMPLES) tracked.samples.shift();
    }
    const change = progressChange(record, judgement, this.#deps.deadlineMarginMs);
    if (change === undefined) return;
    const { state, deadline } = change;
    const patch = { status: judgement.status, detail: judgement.detail, deadline, updatedAt: now };
    const next =
      state === record.state
        ? await this.#deps.store.update(record.id, patch)
        : await this.#deps.store.transition(record.id, record.state, state, patch);
    if (next === undefined) return;
    tracked.record = next;
    followUpLogger(this.#deps.logger, next).info(
      { decision: 'follow_up_progress', state, status: judgement.status, detail: judgement.detail },
      `${next.actionName} on ${next.kind} ${next.subjectId}: ${judgement.status}${state === 'stalled' ? ' (stalled)' : ''}`,
    );
    await this.notify(next, 'progress');
  }

  async finish(
    record: FollowUp,
    state: Exclude<FollowUpState, 'following' | 'stalled'>,
    status: string,
    detail: string,
  ): Promise<void> {
    this.#deps.tracked.delete(record.id);
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
      followUpLogger(this.#deps.logger, record).warn(
        { decision: 'follow_up_lost', state: current.state },
        'the follow-up changed in the store meanwhile (another bot?); leaving it as it is',
      );
      return;
    }
    followUpLogger(this.#deps.logger, ended).info(
      {
        decision: state === 'stopped' ? 'follow_up_stopped' : 'follow_up_ended',
        state,
        status,
        detail,
        durationMs: now.getTime() - ended.startedAt.getTime(),
      },
      `${ended.actionName} on ${ended.kind} ${ended.subjectId} ended: ${status}`,
    );
    await this.notify(ended, 'ended');
    this.#deps.waiters.wake(ended);
  }

  async notify(record: FollowUp, event: Parameters<FollowUpNotifier['notify']>[1]): Promise<void> {
    try {
      const message = await this.#deps.notifier.notify(record, event);
      if (message === undefined) return;
      const saved = await this.#deps.store.update(record.id, { message });
      const tracked = this.#deps.tracked.get(record.id);
      if (saved !== undefined && tracked !== undefined) tracked.record = saved;
    } catch (error) {
      followUpLogger(this.#deps.logger, record).error(
        { decision: 'follow_up_notify_failed', event, err: error },
        'could not tell anyone about the follow-up',
      );
    }
  }
}
