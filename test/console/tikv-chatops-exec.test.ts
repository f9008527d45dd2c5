import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../src/console/exec-result.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = 'src/bin/tikv-chatops.ts';

/** A fresh cluster per test: the tests run at once, and PD refuses a second operator on a region. */
async function withSim(run: (sim: PdSim) => Promise<void>): Promise<void> {
  const sim = await startPdSim({ host: '127.0.0.1', port: 0, timing: 'manual' });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI as a script would run it: a separate node process, through tsx as `npm run demo` does. */
function cli(...args: string[]): Promise<CliRun> {
  return cliWithEnv({}, ...args);
}

function cliWithEnv(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
    delete env.FORCE_COLOR;
    if (!('POLICY_FILE' in extra)) delete env.POLICY_FILE;
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.concurrent('tikv-chatops exec', () => {
  it('exits 0 and prints the outcome when PD accepts', () =>
    withSim(async (sim) => {
      const run = await cli('exec', 'transfer-leader 42 4', '--pd', sim.url);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('Success! The operator is created.');
      // exec has no start-up probe and sends PD nothing beyond the command, so a --pd cluster is
      // described as real even when the simulator answers: the marker comes from the descriptor only.
      expect(run.stdout).not.toContain('[PD simulator]');
    }));

  it('prints one JSON result with --json', () =>
    withSim(async (sim) => {
      const run = await cli(
        'exec',
        '/tikv transfer-leader region_id=42 to_store_id=4',
        '--pd',
        sim.url,
        '--json',
      );
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as ExecResult;
      expect(result).toMatchObject({
        ok: true,
        kind: 'ok',
        action: 'transfer-leader',
        params: { region_id: 42, to_store_id: 4 },
        dryRun: false,
        pd: {
          endpoint: sim.url,
          simulated: false,
          method: 'POST',
          path: '/pd/api/v1/operators',
          body: { name: 'transfer-leader', region_id: 42, to_store_id: 4 },
          status: 200,
          rawBody: '"The operator is created."\n',
          message: 'The operator is created.',
        },
        error: null,
      });
      expect(result.durationMs).toEqual(expect.any(Number));
      expect(result.correlationId).toMatch(/^[0-9a-f]{12}$/);
      const received = sim.requests.filter((r) => r.headers['x-request-id'] === result.correlationId);
      expect(received.map((r) => r.body)).toEqual([
        '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
      ]);
    }));

  it('exits 1 with PD raw answer on stderr when PD refuses', () =>
    withSim(async (sim) => {
      const run = await cli('exec', 'transfer-leader 999999999 4', '--pd', sim.url, '--json');
      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout) as ExecResult;
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('PD_HTTP_ERROR');
      expect(result.pd?.status).toBeGreaterThanOrEqual(400);
      expect(result.pd?.rawBody).toContain('999999999');
      expect(run.stderr).toContain(`Failed! [${result.pd?.status}] ${result.pd?.rawBody?.trim()}`);
      expect(run.stderr).toContain(`:\n${result.pd?.rawBody}`);
    }));

  it('exits 1 when nothing answers at the PD address', async () => {
    const run = await cli(
      'exec',
      'transfer-leader 42 4',
      '--pd',
      'http://127.0.0.1:1',
      '--timeout-ms',
      '2000',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Not run! Nothing was sent to PD (PD_CONNECTION_REFUSED)');
  });

  it('exits 2 on invalid or incomplete input and sends nothing', () =>
    withSim(async (sim) => {
      const [bad, missing] = await Promise.all([
        cli('exec', 'transfer-leader 42 x', '--pd', sim.url),
        cli('exec', 'transfer-leader 42', '--pd', sim.url, '--json'),
      ]);
      expect(bad).toMatchObject({ code: 2, stdout: '' });
      expect(bad.stderr).toContain('to_store_id must be a positive integer, got "x"');
      expect(bad.stderr).toContain('Usage: transfer-leader <region_id> <to_store_id>');
      expect(missing.code).toBe(2);
      expect(JSON.parse(missing.stdout)).toMatchObject({
        ok: false,
        kind: 'invalid_input',
        action: 'transfer-leader',
        error: {
          code: 'INVALID_INPUT',
          issues: [{ field: 'to_store_id', message: 'to_store_id is required' }],
        },
      });
      expect(missing.stderr).toContain('to_store_id is required');
      expect(sim.requests).toEqual([]);
    }));

  it('exits 2 and sends nothing when POLICY_FILE is set but empty or unreadable (no demo-policy fallback)', () =>
    withSim(async (sim) => {
      const [empty, missing] = await Promise.all([
        cliWithEnv({ POLICY_FILE: '' }, 'exec', 'transfer-leader 42 4', '--pd', sim.url),
        cliWithEnv(
          { POLICY_FILE: join(ROOT, 'no-such-policy.yaml') },
          'exec',
          'transfer-leader 42 4',
          '--pd',
          sim.url,
        ),
      ]);
      expect(empty).toMatchObject({ code: 2, stdout: '' });
      expect(empty.stderr).toContain('POLICY_FILE is set but empty');
      expect(missing).toMatchObject({ code: 2, stdout: '' });
      expect(missing.stderr).toContain('cannot read the policy file');
      expect(sim.requests).toEqual([]);
    }));

  it('exits 2 on a usage error', async () => {
    const run = await cli('exec', 'transfer-leader 42 4', '--pd', 'pd:2379');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--pd must be an http:// or https:// URL');
  });

  it('exits 2 with no --pd and no cluster in the environment, saying what to set', async () => {
    const run = await cliWithEnv({ CLUSTERS_FILE: '', PD_ENDPOINTS: '' }, 'exec', 'transfer-leader 42 4');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('PD_ENDPOINTS is missing');
    expect(run.stderr).toContain('or pass --pd <url>');
  });

  it('runs on a cluster from PD_ENDPOINTS, as the bot would, when --pd is not given', () =>
    withSim(async (sim) => {
      const run = await cliWithEnv(
        { CLUSTERS_FILE: '', PD_ENDPOINTS: sim.url },
        'exec',
        'transfer-leader 42 4',
        '--json',
      );
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, cluster: { name: 'default' } });
      expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    }));
});
