import type { Logger } from 'pino';
import type { InFlightWork, UnfinishedWork } from './in-flight-work.js';

/** One thing to close once the work has drained, e.g. the Slack receiver or the audit file. */
export interface StopStep {
  /** Reads after "could not …", e.g. `stop the Slack receiver`. */
  readonly name: string;
  run(): Promise<void>;
}

/** A one-shot timer; tests fire theirs by hand. */
export type StartTimer = (ms: number) => { readonly fired: Promise<void>; cancel(): void };

export const realTimer: StartTimer = (ms) => {
  let timer: NodeJS.Timeout | undefined;
  const fired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { fired, cancel: () => clearTimeout(timer) };
};

/** After the deadline the logs still get this long to reach their destination. */
export const LOG_FLUSH_GRACE_MS = 1000;

export interface DrainPlan {
  readonly work: InFlightWork;
  readonly deadlineMs: number;
  readonly logger: Logger;
  readonly monotonic: () => number;
  /** Why we stop: `SIGTERM`, `SIGINT`, `stop()`. */
  readonly reason: string;
  /** Runs right after new work is refused: stop timers that would start more (the approval sweeper). */
  readonly stopStartingWork?: () => void;
  /** After the drain, in order, all within the same deadline. */
  readonly steps: readonly StopStep[];
  /** Last of all, after the final log line, so buffered lines reach their destination before exit. */
  readonly flushLogs: () => Promise<void>;
  readonly startTimer?: StartTimer;
}

export interface ShutdownResult {
  /** The process exit code: 0 only when everything finished and closed cleanly in time. */
  readonly code: 0 | 1;
  /** What was still running when the deadline passed; empty otherwise. */
  readonly unfinished: readonly UnfinishedWork[];
  /** Steps that threw (they are logged; the shutdown goes on). */
  readonly failedSteps: readonly string[];
}

const DEADLINE = Symbol('deadline');

/**
 * Graceful shutdown: refuse new work, let accepted work finish (PD call, audit record and Slack
 * reply included), then close what the process holds, all within one deadline. Past the deadline
 * it says loudly what it abandons and returns exit code 1 instead of waiting for Kubernetes' SIGKILL.
 */
export async function drainAndStop(plan: DrainPlan): Promise<ShutdownResult> {
  const { work, logger, reason, deadlineMs } = plan;
  const started = plan.monotonic();
  work.stopAccepting();
  plan.stopStartingWork?.();
  const inFlight = work.unfinished();
  logger.info(
    { decision: 'draining', reason, deadlineMs, inFlight },
    `shutting down (${reason}): taking no new work, finishing ${inFlight.length} piece(s) of work in flight (at most ${deadlineMs} ms)`,
  );
  const startTimer = plan.startTimer ?? realTimer;
  const timer = startTimer(deadlineMs);
  const deadline = timer.fired.then(() => DEADLINE);
  const failedSteps: string[] = [];
  try {
    if ((await Promise.race([work.whenIdle(), deadline])) === DEADLINE) {
      return await giveUp(plan, work.unfinished(), failedSteps, startTimer);
    }
    for (const step of plan.steps) {
      const stepStarted = plan.monotonic();
      const done = step.run().catch((error: unknown) => {
        failedSteps.push(step.name);
        logger.error(
          { decision: 'shutdown_step_failed', step: step.name, err: error },
          `could not ${step.name} cleanly; shutting down anyway`,
        );
      });
      if ((await Promise.race([done, deadline])) === DEADLINE) {
        const stuck = {
          kind: 'shutdown_step',
          label: step.name,
          runningMs: Math.round(plan.monotonic() - stepStarted),
        };
        return await giveUp(plan, [...work.unfinished(), stuck], failedSteps, startTimer);
      }
    }
  } finally {
    timer.cancel();
  }
  logger.info(
    { decision: 'stopped', reason, elapsedMs: Math.round(plan.monotonic() - started), failedSteps },
    'tikv-chatops stopped',
  );
  await flushWithin(plan.flushLogs, startTimer);
  return { code: failedSteps.length === 0 ? 0 : 1, unfinished: [], failedSteps };
}

async function giveUp(
  plan: DrainPlan,
  unfinished: readonly UnfinishedWork[],
  failedSteps: readonly string[],
  startTimer: StartTimer,
): Promise<ShutdownResult> {
  const named = unfinished
    .map((w) => `${w.kind} ${w.correlationId ?? '(no correlation id)'} [${w.label}, ${w.runningMs} ms]`)
    .join('; ');
  plan.logger.error(
    { decision: 'shutdown_deadline_exceeded', reason: plan.reason, deadlineMs: plan.deadlineMs, unfinished },
    `shutdown deadline of ${plan.deadlineMs} ms passed; exiting with ${unfinished.length} unfinished: ${named}`,
  );
  await flushWithin(plan.flushLogs, startTimer);
  return { code: 1, unfinished, failedSteps };
}

async function flushWithin(flush: () => Promise<void>, startTimer: StartTimer): Promise<void> {
  const timer = startTimer(LOG_FLUSH_GRACE_MS);
  try {
    await Promise.race([flush().catch(() => {}), timer.fired]);
  } finally {
    timer.cancel();
  }
}
