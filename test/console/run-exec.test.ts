import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExecResult } from '../../src/console/exec-result.js';
import { type ExecOptions, runExec } from '../../src/console/run-exec.js';
import { systemClock } from '../../src/core/engine/engine.js';
import { ConsoleOutput } from './console-output.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tikv-chatops-exec-'));
});

async function policyFile(name: string, yaml: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, yaml);
  return path;
}

/** A fresh cluster per test: PD refuses a second operator on a region. */
async function withSim(run: (sim: PdSim) => Promise<void>): Promise<void> {
  const sim = await startPdSim({ host: '127.0.0.1', port: 0, timing: 'manual' });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

interface ExecRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function exec(
  command: string,
  pd: string,
  extra: { policyFile?: string; json?: boolean; user?: string } = {},
): Promise<ExecRun> {
  const stdout = new ConsoleOutput();
  const stderr = new ConsoleOutput();
  const options: ExecOptions = { command, pd, json: extra.json ?? false, timeoutMs: 5000, log: false };
  const code = await runExec(options, {
    stdout,
    stderr,
    user: extra.user ?? 'root',
    newCorrelationId: () => 'exec-1',
    clock: systemClock,
    color: { stdout: false, stderr: false },
    ...(extra.policyFile !== undefined && { policyFile: extra.policyFile }),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const DENY_ROOT = `version: 1
description: grants transfer-leader to alice only
rules:
  - name: alice-moves-leaders
    users: [U0ALICE]
    actions: [transfer_leader]
`;

describe('runExec --dry-run', () => {
  it('shows the exact request and sends nothing to PD', () =>
    withSim(async (sim) => {
      const run = await exec('transfer-leader 42 4 --dry-run', sim.url);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        'Dry run of transfer-leader: nothing was changed; the bot only read from PD.',
      );
      expect(run.stdout).toContain('{"name":"transfer-leader","region_id":42,"to_store_id":4}');
      // It reads the target and the region to warn as the form does, and writes nothing.
      expect(run.stdout).toContain('Region 42: leader on store 2; voters on 4, 2, 3; learners on 7.');
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /pd/api/v1/store/4',
        'GET /pd/api/v1/region/id/42',
      ]);
    }));

  it('writes nothing with --json either (transfer-peer only reads the target store and the region), and says it was a preview', () =>
    withSim(async (sim) => {
      const run = await exec('transfer-peer 7 1 3 --preview', sim.url, { json: true });
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as ExecResult;
      expect(result).toMatchObject({ ok: true, kind: 'preview', dryRun: true });
      // A dry run may send bounded reads (the preview shows what it read); never a write.
      expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    }));

  it('does send without the flag (the same command, so the dry-run test is not vacuous)', () =>
    withSim(async (sim) => {
      const run = await exec('transfer-leader 42 4', sim.url);
      expect(run.code).toBe(0);
      expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    }));
});

describe('runExec with text the terminal could misread', () => {
  it.each([
    [
      'transfer-leader 4\u200b2',
      'invisible character U+200B ZERO WIDTH SPACE at position 18: nothing was sent',
    ],
    ['transfer-leader "42 2', 'unbalanced quote'],
  ])('refuses %j, exit 2, and sends nothing', (text, message) =>
    withSim(async (sim) => {
      const run = await exec(text, sim.url);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(sim.requests).toEqual([]);
    }),
  );
});

describe('runExec with POLICY_FILE', () => {
  it.each([
    ['missing', async () => join(dir, 'no-such-policy.yaml'), 'cannot read the policy file'],
    ['invalid YAML', () => policyFile('broken.yaml', 'version: 1\nrules: [\n'), 'YAML syntax error'],
    [
      'invalid fields',
      () => policyFile('bad.yaml', 'version: 1\nrules:\n  - name: x\n    actions: [fly]\n'),
      'fly',
    ],
    ['empty', async () => '', 'POLICY_FILE is set but empty'],
  ])(
    'refuses to run, exit 2, when the policy file is %s; never falls back to the demo policy',
    (_what, make, problem) =>
      withSim(async (sim) => {
        const run = await exec('transfer-leader 42 4', sim.url, { policyFile: await make() });
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain(problem);
        expect(run.stderr).toContain('Nothing was run');
        expect(sim.requests).toEqual([]);
      }),
  );

  it('denies what the policy does not grant, in plain words, exit 1, and sends nothing', () =>
    withSim(async (sim) => {
      const path = await policyFile('deny-root.yaml', DENY_ROOT);
      const run = await exec('transfer-leader 42 4', sim.url, { policyFile: path });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'Not run: transfer-leader was denied: root may not run transfer-leader (medium risk) outside a channel',
      );
      expect(run.stderr).toContain(
        'What would allow it: rule "alice-moves-leaders" grants transfer_leader in any channel; you are not in its users or groups',
      );
      expect(run.stderr).not.toMatch(/<[@#!]/);
      expect(sim.requests).toEqual([]);
    }));

  it('gives scripts the denial as facts with --json', () =>
    withSim(async (sim) => {
      const path = await policyFile('deny-root-json.yaml', DENY_ROOT);
      const run = await exec('drain-store 3', sim.url, { policyFile: path, json: true });
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({
        ok: false,
        kind: 'denied',
        error: {
          code: 'DENIED',
          message: 'root may not run drain-store (high risk) outside a channel on cluster default',
          denial: { code: 'NOT_GRANTED', userId: 'root', action: 'drain_store', riskLevel: 'high' },
        },
      });
      expect(sim.requests).toEqual([]);
    }));

  it('runs what the policy grants', () =>
    withSim(async (sim) => {
      const path = await policyFile('grant-alice.yaml', DENY_ROOT);
      const run = await exec('transfer-leader 42 4', sim.url, { policyFile: path, user: 'U0ALICE' });
      expect(run.code).toBe(0);
      expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    }));

  it('logs the refusal to start as one decision line', async () => {
    // --log sends JSON lines to stderr; the refusal is one of them.
    const stderr = new LogCaptureOrText();
    const code = await runExec(
      { command: 'transfer-leader 42 4', pd: 'http://127.0.0.1:1', json: false, timeoutMs: 1000, log: true },
      {
        stdout: new ConsoleOutput(),
        stderr,
        user: 'root',
        newCorrelationId: () => 'exec-1',
        clock: systemClock,
        color: { stdout: false, stderr: false },
        policyFile: join(dir, 'absent.yaml'),
      },
    );
    expect(code).toBe(2);
    expect(stderr.logLines().find((l) => l.decision === 'refused_to_start')).toMatchObject({
      errorCode: 'POLICY_INVALID',
    });
  });
});

/** stderr with --log holds JSON log lines and plain text; keeps both. */
class LogCaptureOrText extends ConsoleOutput {
  logLines(): { readonly [key: string]: unknown }[] {
    return this.text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

describe('exec and --share', () => {
  it('accepts --share on a read and ignores it: the answer goes to the person anyway', async () => {
    await withSim(async (sim) => {
      const plain = await exec('health', sim.url);
      const shared = await exec('health --share', sim.url);
      expect(shared.code).toBe(0);
      expect(shared.stderr).toBe(plain.stderr);
      expect(shared.stdout).toContain('leader');
      // The two runs may straddle a second on the wall clock: compare without durations and times.
      const steady = (text: string) =>
        text.replace(/\d+ ?ms/g, '').replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/g, '<time>');
      expect(steady(shared.stdout)).toBe(steady(plain.stdout));
    });
  });
});
