import type { PdRequest } from '../pd/pd-request.js';
import type { FollowUpKind, FollowUpState } from './follow-up-kind.js';

/** One answer to a follow-up's read: PD's status and body, or the transport error that stood in for it. */
export type PollAnswer =
  | { readonly ok: true; readonly status: number; readonly body: string }
  | { readonly ok: false; readonly status: number; readonly body: string }
  | { readonly ok: false; readonly status?: undefined; readonly errorCode: string; readonly message: string };

/** A value the judge reported on an earlier poll (e.g. a store's leader_count), for rates and stalls. */
export interface Sample {
  readonly atMs: number;
  readonly value: number;
}

export interface JudgeContext {
  readonly now: Date;
  readonly startedAt: Date;
  /** Earlier values, oldest first (bounded; lost on restart, so a resumed drain's rate starts again). */
  readonly samples: readonly Sample[];
  /** No progress for this long is a stall (FOLLOW_DRAIN_STALL_MINUTES). */
  readonly stallMs: number;
}

/**
 * What one answer means. `progress`: still going (`value` feeds the samples; `stalled` flags a
 * stall; `timeoutMs` is the operator's own timeout, from which the bot sets its deadline).
 * `terminal`: PD reported an end, or no longer knows the operator; the declaration's verify read
 * says what really happened. `unreadable`: no usable answer this time; the bot asks again later.
 */
export type Judgement =
  | {
      readonly kind: 'progress';
      readonly status: string;
      readonly detail: string;
      readonly value?: number;
      readonly stalled?: boolean;
      readonly timeoutMs?: number;
    }
  | {
      readonly kind: 'terminal';
      /** PD's word (SUCCESS, TIMEOUT, CANCEL, REPLACE, …) or the bot's when PD has none (NO_OPERATOR). */
      readonly status: string;
      readonly detail: string;
      /** What the state is if nothing is verified afterwards. */
      readonly state: Exclude<FollowUpState, 'following' | 'stalled'>;
    }
  | { readonly kind: 'unreadable'; readonly detail: string };

/** The end, after the verify read: what PD said, checked against what the region shows. */
export interface Verdict {
  readonly state: Exclude<FollowUpState, 'following' | 'stalled'>;
  readonly status: string;
  readonly detail: string;
  /** The region did not show it yet (PD learns it from the next heartbeat): read again, a few times. */
  readonly retry?: boolean;
}

/**
 * What an action asks the bot to follow after PD accepted it: pure data and pure functions of PD's
 * answers, declared next to the action (its `followUp`). The FollowUpService does the polling.
 */
export interface FollowUpDeclaration {
  readonly kind: FollowUpKind;
  /** The region (operator) or store (drain): one poll per subject however many follow it. */
  readonly subjectId: string;
  /** The longest the bot follows when PD reports no end ('drain': FOLLOW_DRAIN_MAX_HOURS). */
  readonly budgetMs: number | 'drain';
  /** The read repeated until the judge says the end came. */
  readonly poll: PdRequest;
  judge(answer: PollAnswer, context: JudgeContext): Judgement;
  /** One read after the end, to check it really happened (the region's leader or peers). */
  readonly verify?: {
    readonly read: PdRequest;
    judge(answer: PollAnswer, ended: Extract<Judgement, { kind: 'terminal' }>): Verdict;
  };
  /** What a person types to look for themselves (`operator 42`, `store 4`). */
  readonly checkCommand: string;
}
