import { PassThrough } from 'node:stream';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleFollowUps } from '../../src/console/console-follow-ups.js';
import { PROMPT, runConsoleSession } from '../../src/console/console-session.js';
import { systemClock } from '../../src/core/engine/engine.js';
import { InMemoryFollowUpStore } from '../../src/follow-ups/in-memory-follow-up-store.js';
import { pdFollowUpReader } from '../../src/follow-ups/pd-follow-up-reader.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { buildTikvEngine } from '../../src/subjects/tikv/build-tikv-engine.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';
import { LogCapture } from '../support/log-capture.js';
import { ManualClock } from '../support/manual-clock.js';
import { testSafety } from '../support/test-safety.js';
import { ConsoleOutput } from './console-output.js';

let sim: PdSim;

beforeEach(async () => {
  sim = await startPdSim({ host: '127.0.0.1', port: 0, timing: 'manual' });
});

afterEach(async () => {
  await sim?.close();
});

/** A console session as the demo wires it, its follow-ups on a hand-driven clock shared with PD. */
function openSession(terminal = false) {
  const input = new PassThrough();
  const output = new ConsoleOutput();
  const log = new LogCapture();
  const logger = createLogger({ level: 'info', destination: log });
  const clock = new ManualClock();
  const { close, registry, engine, pds } = buildTikvEngine({
    clusters: [
      {
        name: 'default',
        production: false,
        simulated: true,
        endpoints: [sim.url],
        connectTimeoutMs: 2_000,
        responseTimeoutMs: 5_000,
      },
    ],
    logger,
    clock: systemClock,
    safety: testSafety({ user: 'alice' }).safety,
  });
  const followUps = new ConsoleFollowUps({
    clock,
    logger,
    store: new InMemoryFollowUpStore({ clock }),
    read: pdFollowUpReader(pds),
    actions: () => TIKV_ACTIONS,
    timers: clock,
  });
  let n = 0;
  const done = runConsoleSession({
    registry,
    engine,
    logger,
    input,
    output,
    user: 'alice',
    newCorrelationId: () => `t-${++n}`,
    color: false,
    terminal,
    followUps,
  }).finally(() => close());
  return {
    output,
    log,
    done,
    followUps,
    type: (...lines: string[]) => input.write(lines.map((l) => `${l}\n`).join('')),
    keys: (text: string) => input.write(text),
    /** PD's time and the follow-ups' together, then every poll they started is judged. */
    async advance(ms: number) {
      sim.advance(ms);
      clock.advance(ms);
      await followUps.idle();
    },
  };
}

const END =
  '[t-1] transfer-leader region_id=42 to_store_id=4: followed to the end: SUCCESS — Verified: region 42: leader on store 4;';

describe('the console follows an accepted write to its end, as exec --wait does, without holding the prompt', () => {
  it('prints the verified end above the prompt while other commands run meanwhile', async () => {
    const session = openSession();
    session.type('transfer-leader 42 4');
    await session.output.waitFor('Following it to the end in the background');
    // The prompt is free: another command runs and answers before the write has ended.
    session.type('operator 42');
    await session.output.waitFor('RUNNING', 1);
    expect(session.output.text).not.toContain('followed to the end');
    await session.advance(1_000);
    await session.output.waitFor(END);
    // The end is printed after the prompt that was waiting, then the prompt comes back.
    const after = session.output.text.slice(session.output.text.indexOf(END));
    expect(after).toContain(PROMPT);
    expect(session.log.find((l) => l.decision === 'follow_up_ended')).toMatchObject([{ status: 'SUCCESS' }]);
    session.type('exit');
    await session.done;
    expect(session.followUps.following).toBe(0);
  });

  it('shows progress, and at exit says what it stopped following and how to check by hand', async () => {
    sim.cluster.stopHeartbeats(4);
    const session = openSession();
    session.type('transfer-leader 42 4');
    await session.output.waitFor('Following it to the end in the background');
    await session.advance(1_000);
    await session.output.waitFor('  … [t-1] transfer-leader region_id=42 to_store_id=4: RUNNING');
    session.type('exit');
    await session.done;
    expect(session.output.text).toContain(
      '[t-1] transfer-leader region_id=42 to_store_id=4: no longer followed (the session ended) at RUNNING; check with: operator 42',
    );
    expect(session.log.find((l) => l.decision === 'follow_up_stopped')).toMatchObject([
      { reason: 'the console session ended', resumes: false },
    ]);
  });

  it('does not follow a dry run or a read', async () => {
    const session = openSession();
    session.type('transfer-leader 42 4 --dry-run', 'stores', 'exit');
    await session.done;
    expect(session.output.text).not.toContain('Following it');
    expect(session.followUps.following).toBe(0);
  });

  it('on a terminal, redraws the prompt and what was half typed after a follow-up line', async () => {
    const session = openSession(true);
    session.keys('transfer-leader 42 4\r');
    await session.output.waitFor('Following it to the end in the background');
    await session.output.waitFor(PROMPT, 2);
    session.keys('stor');
    await session.output.waitFor('stor');
    await session.advance(1_000);
    await session.output.waitFor(END);
    const after = session.output.text.slice(session.output.text.indexOf(END));
    expect(after).toMatch(/\n.*tikv> stor/);
    session.keys('\u0015exit\r');
    await session.done;
  });
});
