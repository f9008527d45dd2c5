import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExecOptions, runExec } from '../../src/console/run-exec.js';
import { systemClock } from '../../src/core/engine/engine.js';
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

describe("tikv-chatops exec with the bot's clusters (no --pd)", () => {
  let other: PdSim;
  beforeEach(async () => {
    other = await startPdSim({ host: '127.0.0.1', port: 0, timing: 'manual' });
  });
  afterEach(async () => {
    await other.close();
  });

  async function clustersFile(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'tikv-exec-clusters-'));
    const file = join(dir, 'clusters.yaml');
    await writeFile(
      file,
      `version: 1
clusters:
  - name: staging
    production: false
    pd: {endpoints: ['${sim.url}']}
  - name: prod
    production: true
    pd: {endpoints: ['${other.url}']}
`,
    );
    return file;
  }

  async function execWithEnv(command: string, env: Record<string, string | undefined>) {
    const stdout = new ConsoleOutput();
    const stderr = new ConsoleOutput();
    const code = await runExec(
      { command, json: true, timeoutMs: 5000, log: false },
      {
        stdout,
        stderr,
        user: 'root',
        newCorrelationId: () => 'exec-1',
        clock: systemClock,
        color: { stdout: false, stderr: false },
        env,
      },
    );
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  const writes = (pd: PdSim) => pd.requests.filter((r) => r.method === 'POST');

  it('runs on the cluster --cluster names from CLUSTERS_FILE, and only there', async () => {
    const run = await execWithEnv('transfer-leader 42 4 --cluster prod', {
      CLUSTERS_FILE: await clustersFile(),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, cluster: { name: 'prod', production: true } });
    expect(writes(other)).toHaveLength(1);
    expect(writes(sim)).toHaveLength(0);
  });

  it('refuses a command without --cluster when CLUSTERS_FILE has several, naming them, and sends nothing', async () => {
    const run = await execWithEnv('transfer-leader 42 4', { CLUSTERS_FILE: await clustersFile() });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      error: { issues: [{ code: 'NO_DEFAULT_CLUSTER' }] },
    });
    expect(writes(other)).toHaveLength(0);
    expect(writes(sim)).toHaveLength(0);
  });

  it('takes PD_ENDPOINTS as the one cluster default, as the bot does', async () => {
    const run = await execWithEnv('transfer-leader 42 4', { PD_ENDPOINTS: sim.url, CLUSTERS_FILE: '' });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, cluster: { name: 'default' } });
    expect(writes(sim)).toHaveLength(1);
  });

  it('refuses to run, exit 2, with no --pd, CLUSTERS_FILE or PD_ENDPOINTS, saying what to set', async () => {
    const run = await execWithEnv('transfer-leader 42 4', {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PD_ENDPOINTS is missing');
    expect(run.stderr).toContain('or pass --pd <url>');
  });

  it('refuses CLUSTERS_FILE together with PD_ENDPOINTS, as the bot does', async () => {
    const run = await execWithEnv('transfer-leader 42 4', {
      CLUSTERS_FILE: await clustersFile(),
      PD_ENDPOINTS: sim.url,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CLUSTERS_FILE and PD_ENDPOINTS are both set');
    expect(writes(sim)).toHaveLength(0);
  });
});
