import type {
  FollowUpDeclaration,
  JudgeContext,
  Judgement,
  PollAnswer,
  Sample,
} from '../../../core/follow-ups/follow-up-declaration.js';

/**
 * Follows a drain (evict-leader-scheduler on a store) by the store's leader_count (GET /store/{id}):
 * never a region list, so it costs the same on a million-region cluster. Done at 0; flagged stalled
 * after FOLLOW_DRAIN_STALL_MINUTES without a leader leaving.
 */
export function drainFollowUp(storeId: number): FollowUpDeclaration {
  return {
    kind: 'drain',
    subjectId: String(storeId),
    budgetMs: 'drain',
    poll: { method: 'GET', path: `/pd/api/v1/store/${storeId}` },
    judge: (answer, context) => judgeDrain(storeId, answer, context),
    checkCommand: `store ${storeId}`,
  };
}

export function judgeDrain(storeId: number, answer: PollAnswer, context: JudgeContext): Judgement {
  if (!answer.ok) {
    if (answer.status === undefined)
      return { kind: 'unreadable', detail: `${answer.errorCode}: ${answer.message}` };
    if (answer.status === 404) {
      return {
        kind: 'terminal',
        status: 'STORE_NOT_FOUND',
        state: 'failed',
        detail: `PD no longer knows store ${storeId}`,
      };
    }
    return { kind: 'unreadable', detail: `PD answered HTTP ${answer.status}: ${answer.body.slice(0, 300)}` };
  }
  const count = leaderCount(answer.body);
  if (count === undefined) return { kind: 'unreadable', detail: "no leader_count in PD's store answer" };
  // evict-leader pauses leader transfer into the store; once that is gone, nothing drains it any more.
  // Not on the first answer: the bot does not assume PD shows the pause the instant it accepted the drain.
  if (context.samples.length > 0 && count > 0 && !transferInPaused(answer.body)) {
    return {
      kind: 'terminal',
      status: 'UNDRAINED',
      state: 'stopped',
      detail: `Store ${storeId} is no longer paused for leaders (evict-leader removed for it?); ${count} leaders are on it.`,
    };
  }
  const elapsed = minutes(context.now.getTime() - context.startedAt.getTime());
  if (count === 0) {
    return {
      kind: 'terminal',
      status: 'leader_count 0',
      state: 'succeeded',
      detail: `Store ${storeId} has no leaders left (after ${elapsed}). The evict-leader-scheduler keeps it so until undrain-store ${storeId}.`,
    };
  }
  const nowMs = context.now.getTime();
  const since = lastProgressAt(context.samples, count, context.startedAt.getTime());
  const stalled = nowMs - since >= context.stallMs;
  const rate = ratePerMinute(context.samples, count, nowMs);
  const pace =
    rate === undefined || rate <= 0
      ? ''
      : `; ${formatRate(rate)} leaders/min, about ${minutes((count / rate) * 60_000)} to go`;
  return {
    kind: 'progress',
    status: `leader_count ${count}`,
    detail: stalled
      ? `${count} leaders left on store ${storeId}; none moved for ${minutes(nowMs - since)} (stalled): is the evict-leader-scheduler still there for the store, and can the other stores take leaders? (see schedulers, stores)`
      : `${count} leaders left on store ${storeId}${pace}`,
    value: count,
    stalled,
  };
}

function leaderCount(body: string): number | undefined {
  try {
    const status = (JSON.parse(body) as { status?: { leader_count?: unknown } }).status;
    if (typeof status !== 'object' || status === null) return undefined;
    const count = status.leader_count;
    // Read as omitempty (unconfirmed for this field): a store status without it has no leaders.
    if (count === undefined) return 0;
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
  } catch {
    return undefined;
  }
}

function transferInPaused(body: string): boolean {
  try {
    return (
      (JSON.parse(body) as { status?: { pause_leader_transfer_in?: unknown } }).status
        ?.pause_leader_transfer_in === true
    );
  } catch {
    return false;
  }
}

/** When the count last went down: the first sample at or below today's count after one above it. */
function lastProgressAt(samples: readonly Sample[], count: number, startedAtMs: number): number {
  for (let i = samples.length - 1; i >= 0; i--) {
    const sample = samples[i] as Sample;
    if (sample.value > count) return samples[i + 1]?.atMs ?? Number.POSITIVE_INFINITY;
  }
  return samples[0]?.atMs ?? startedAtMs;
}

/** Leaders per minute over the samples of the last ten minutes (a rate, not the last jump). */
function ratePerMinute(samples: readonly Sample[], count: number, nowMs: number): number | undefined {
  const window = samples.filter((s) => nowMs - s.atMs <= 10 * 60_000);
  const first = window[0];
  if (first === undefined || nowMs <= first.atMs) return undefined;
  return ((first.value - count) * 60_000) / (nowMs - first.atMs);
}

function formatRate(rate: number): string {
  return rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
}

function minutes(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
