import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExec } from '../../src/console/run-exec.js';
import { ManualClock } from '../support/manual-clock.js';
import { ConsoleOutput } from './console-output.js';

let sim: PdSim;
let clock: ManualClock;
beforeEach(async () => {
  sim = await startPdSim({ timing: 'manual' });
  clock = new ManualClock();
});
afterEach(async () => {
  await sim.close();
});

/** Runs exec --wait while moving PD's time and the follow-up's together until it exits. */
async function execWait(command: string, json = false) {
  const stdout = new ConsoleOutput();
  const stderr = new ConsoleOutput();
  let code: number | undefined;
  const run = runExec(
    { command, pd: sim.url, json, timeoutMs: 5000, log: false, wait: true },
    {
      stdout,
      stderr,
      user: 'root',
      newCorrelationId: () => 'exec-1',
      clock,
      followUpTimers: clock,
      color: { stdout: false, stderr: false },
    },
  ).then((c) => {
    code = c;
  });
  // Each turn lets the bot's reads reach the simulator before time moves on; the loop ends on exit.
  for (let turn = 0; code === undefined && turn < 2_000; turn++) {
    sim.advance(500);
    clock.advance(500);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await run;
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('tikv-chatops exec --wait', () => {
  it('follows a transfer-leader to its verified end and exits 0', async () => {
    const result = await execWait('transfer-leader 42 4');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The operator is created.');
    expect(result.stdout).toContain('Followed to the end: SUCCESS — Verified: region 42: leader on store 4;');
    expect(result.stderr).toContain('Following it to the end');
  });

  it('reports TIMEOUT in the JSON and exits 1', async () => {
    sim.cluster.stopHeartbeats(4);
    const result = await execWait('transfer-leader 42 4', true);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      ok: false,
      kind: 'ok',
      followUp: { kind: 'operator', subjectId: '42', state: 'failed', status: 'TIMEOUT' },
    });
  });

  it('changes nothing for a dry run: nothing to follow', async () => {
    const result = await execWait('transfer-leader 42 4 --dry-run');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('Following');
  });
});
