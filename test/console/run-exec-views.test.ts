import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { runExec } from '../../src/console/run-exec.js';
import { systemClock } from '../../src/core/engine/engine.js';
import { ConsoleOutput } from './console-output.js';

async function withSim(run: (sim: PdSim) => Promise<void>): Promise<void> {
  // 40 stores: three pages of 15.
  const sim = await startPdSim({ host: '127.0.0.1', port: 0, timing: 'manual', stores: 40, regions: 200 });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

async function exec(command: string, pd: string) {
  const stdout = new ConsoleOutput();
  const stderr = new ConsoleOutput();
  const code = await runExec(
    { command, pd, json: false, timeoutMs: 5000, log: false },
    {
      stdout,
      stderr,
      user: 'root',
      newCorrelationId: () => 'exec-1',
      clock: systemClock,
      color: { stdout: false, stderr: false },
    },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('read-only views from exec: the same parameters as Slack', () => {
  it.each(['stores page=2', 'stores 2'])('`%s` shows page 2 and says where the next is', (command) =>
    withSim(async (sim) => {
      const run = await exec(command, sim.url);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Page 2 of 3: stores 16–30 of 41; next: stores page=3');
    }),
  );

  it('refuses page 0 as invalid input, exit 2, sending nothing', () =>
    withSim(async (sim) => {
      const run = await exec('stores page=0', sim.url);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('page must be a positive integer');
      expect(sim.requests).toEqual([]);
    }));

  it('`hot write` and `region-key … raw` run like any view', () =>
    withSim(async (sim) => {
      expect((await exec('hot write', sim.url)).stdout).toMatch(/hot write regions/);
      const key = await exec('region-key "a b" raw', sim.url);
      expect(key.code).toBe(0);
      expect(sim.requests.at(-1)?.path).toBe('/pd/api/v1/region/key/a+b');
    }));
});
