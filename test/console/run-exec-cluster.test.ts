import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExecOptions, runExec } from '../../src/console/run-exec.js';
import { systemClock } from '../../src/core/engine.js';
import { ConsoleOutput } from './console-output.js';

let sim: PdSim;
beforeEach(async () => {
  sim = await startPdSim({ host: '127.0.0.1', port: 0, timing: 'manual' });
});
afterEach(async () => {
  await sim.close();
});

async function exec(command: string, json = false) {
  const stdout = new ConsoleOutput();
  const stderr = new ConsoleOutput();
  const options: ExecOptions = { command, pd: sim.url, json, timeoutMs: 5000, log: false };
  const code = await runExec(options, {
    stdout,
    stderr,
    user: 'root',
    newCorrelationId: () => 'exec-1',
    clock: systemClock,
    color: { stdout: false, stderr: false },
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('tikv-chatops exec and --cluster', () => {
  it('runs on the --pd cluster, named default', async () => {
    const plain = await exec('transfer-leader 42 4');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('  Cluster          default');
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('takes --cluster default, and names the cluster in --json', async () => {
    const named = await exec('transfer-leader 42 4 -c default', true);
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout)).toMatchObject({
      ok: true,
      cluster: { name: 'default', production: false },
    });
  });

  it('refuses another cluster name, listing the one there is, and sends nothing', async () => {
    const run = await exec('transfer-leader 42 4 --cluster prod', true);
    expect(run.code).not.toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      kind: 'invalid_input',
      cluster: null,
      error: {
        code: 'INVALID_INPUT',
        issues: [
          {
            code: 'UNKNOWN_CLUSTER',
            message: 'unknown cluster "prod"; use one of default (--cluster NAME): nothing was sent',
          },
        ],
      },
    });
    expect(sim.requests).toEqual([]);
  });
});
