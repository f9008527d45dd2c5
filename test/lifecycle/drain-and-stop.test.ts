import { describe, expect, it } from 'vitest';
import { drainAndStop, LOG_FLUSH_GRACE_MS, type StartTimer } from '../../src/lifecycle/drain-and-stop.js';
import { InFlightWork } from '../../src/lifecycle/in-flight-work.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { LogCapture } from '../support/log-capture.js';

/** Timers the test fires by hand: the deadline passes exactly when the test says. */
function manualTimers() {
  const started: { ms: number; fire: () => void; cancelled: boolean }[] = [];
  const start: StartTimer = (ms) => {
    let fire: () => void = () => {};
    const fired = new Promise<void>((resolve) => (fire = resolve));
    const timer = { ms, fire, cancelled: false };
    started.push(timer);
    return { fired, cancel: () => (timer.cancelled = true) };
  };
  return { start, deadline: () => started.find((t) => t.ms === 25_000), started };
}

/** Lets every pending promise continuation run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup() {
  let now = 0;
  const clock = { monotonic: () => now };
  const work = new InFlightWork(clock);
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: logs });
  const timers = manualTimers();
  const events: string[] = [];
  const step = (name: string, run: () => Promise<void> = async () => {}) => ({
    name,
    run: async () => {
      events.push(`start ${name}`);
      await run();
      events.push(`done ${name}`);
    },
  });
  const plan = {
    work,
    logger,
    deadlineMs: 25_000,
    monotonic: clock.monotonic,
    reason: 'SIGTERM',
    startTimer: timers.start,
    stopStartingWork: () => events.push('stop starting work'),
    steps: [step('stop the Slack receiver'), step('close the PD client'), step('close the audit sink')],
    flushLogs: async () => {
      events.push('flush logs');
    },
  };
  return { work, logs, timers, events, plan, step, advance: (ms: number) => (now += ms) };
}

describe('drainAndStop', () => {
  it('with nothing in flight, refuses new work, closes everything in order, flushes the log last, exit 0', async () => {
    const { work, logs, events, plan } = setup();
    const result = await drainAndStop(plan);
    expect(result).toEqual({ code: 0, unfinished: [], failedSteps: [] });
    expect(work.draining).toBe(true);
    expect(events).toEqual([
      'stop starting work',
      'start stop the Slack receiver',
      'done stop the Slack receiver',
      'start close the PD client',
      'done close the PD client',
      'start close the audit sink',
      'done close the audit sink',
      'flush logs',
    ]);
    expect(logs.lines.map((l) => l.decision)).toEqual(['draining', 'stopped']);
  });

  it('closes nothing until the work in flight has finished', async () => {
    const { work, logs, events, plan } = setup();
    const ticket = work.begin({ kind: 'slash_command', correlationId: 'corr1', label: '/tikv by U1 in C1' });
    const stopping = drainAndStop(plan);
    await settle();
    expect(events).toEqual(['stop starting work']);
    expect(logs.find((l) => l.decision === 'draining')[0]).toMatchObject({
      reason: 'SIGTERM',
      deadlineMs: 25_000,
      inFlight: [{ kind: 'slash_command', correlationId: 'corr1' }],
    });
    ticket.end();
    expect((await stopping).code).toBe(0);
    expect(events.at(-1)).toBe('flush logs');
  });

  it('past the deadline, logs one error naming each unfinished piece with its correlation id, exit 1', async () => {
    const { work, logs, timers, events, plan, advance } = setup();
    work.begin({ kind: 'slash_command', correlationId: 'corr1', label: '/tikv by U1 in C1' });
    work.begin({ kind: 'button_click', label: 'tikv:approve ap-1 by U2' });
    const stopping = drainAndStop(plan);
    await settle();
    advance(25_000);
    timers.deadline()?.fire();
    const result = await stopping;
    expect(result.code).toBe(1);
    expect(result.unfinished.map((w) => w.kind)).toEqual(['slash_command', 'button_click']);
    const errors = logs.find((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ decision: 'shutdown_deadline_exceeded', deadlineMs: 25_000 });
    expect(errors[0]?.msg).toContain('slash_command corr1 [/tikv by U1 in C1, 25000 ms]');
    expect(errors[0]?.msg).toContain('button_click (no correlation id) [tikv:approve ap-1 by U2');
    // Nothing was closed under work that might still reply; the log still reached its destination.
    expect(events).toEqual(['stop starting work', 'flush logs']);
    expect(logs.find((l) => l.decision === 'stopped')).toEqual([]);
  });

  it('names a stop step that outlives the deadline', async () => {
    const { logs, timers, plan, step } = setup();
    const stuck = step('stop the Slack receiver', () => new Promise(() => {}));
    const stopping = drainAndStop({ ...plan, steps: [stuck, ...plan.steps.slice(1)] });
    await settle();
    timers.deadline()?.fire();
    const result = await stopping;
    expect(result.code).toBe(1);
    expect(result.unfinished).toEqual([
      { kind: 'shutdown_step', label: 'stop the Slack receiver', runningMs: 0 },
    ]);
    expect(logs.find((l) => l.decision === 'shutdown_deadline_exceeded')).toHaveLength(1);
  });

  it('logs a step that fails, still runs the rest, and exits 1', async () => {
    const { logs, events, plan, step } = setup();
    const broken = step('close the PD client', async () => {
      throw new Error('already closed');
    });
    const [slack, , audit] = plan.steps;
    const steps = [slack, broken, audit].filter((s) => s !== undefined);
    const result = await drainAndStop({ ...plan, steps });
    expect(result).toEqual({ code: 1, unfinished: [], failedSteps: ['close the PD client'] });
    expect(events).toContain('done close the audit sink');
    expect(logs.find((l) => l.decision === 'shutdown_step_failed')[0]).toMatchObject({
      step: 'close the PD client',
      level: 50,
    });
  });

  it('does not wait forever for a log destination that never drains', async () => {
    const { timers, plan } = setup();
    const stopping = drainAndStop({ ...plan, flushLogs: () => new Promise(() => {}) });
    await settle();
    timers.started.find((t) => t.ms === LOG_FLUSH_GRACE_MS)?.fire();
    expect((await stopping).code).toBe(0);
  });

  it('cancels its deadline timer once done, so nothing keeps the process alive', async () => {
    const { timers, plan } = setup();
    await drainAndStop(plan);
    expect(timers.started.every((t) => t.cancelled)).toBe(true);
  });
});
