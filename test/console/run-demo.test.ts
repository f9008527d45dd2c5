import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { POLICY_EXIT_CODE, runDemo } from '../../src/console/run-demo.js';
import { systemClock } from '../../src/core/engine/engine.js';
import { LogCapture } from '../support/log-capture.js';
import { ConsoleOutput } from './console-output.js';

describe('runDemo', () => {
  it('starts the simulator, says so, runs commands and closes everything at the end of input', async () => {
    const input = new PassThrough();
    const output = new ConsoleOutput();
    const log = new LogCapture();
    input.end('transfer-leader 42 4\ntransfer-leader 42 1\n');
    const code = await runDemo(
      { log: true },
      {
        input,
        output,
        logOutput: log,
        errorOutput: new ConsoleOutput(),
        user: 'bob',
        newCorrelationId: () => 'demo-1',
        clock: systemClock,
        color: false,
        terminal: false,
      },
    );
    expect(code).toBe(0);
    const text = output.text;
    const url = /PD is a simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(url).toBeDefined();
    expect(text).toContain('[PD simulator] PD is a simulator at');
    expect(text).toContain('transfer-leader 42 4');
    expect(text).toContain('Success! The operator is created.');
    expect(text).toContain('Failed! [500] "region has no voter in store 1"');
    expect(text).toMatch(/Requested by +bob · /);
    expect(log.find((l) => l.decision === 'executed')).toMatchObject([{ user: 'bob', pdStatus: 200 }]);
    expect(log.find((l) => l.decision === 'stopped')).toHaveLength(1);
    // Closed: nothing listens at the simulator's address any more.
    await expect(fetch(`${url}/pd/api/v1/stores`)).rejects.toThrow();
  });
});

describe('runDemo follows a write PD accepted', () => {
  it('prints the verified end of a transfer-leader after PD’s 200, the prompt free meanwhile', async () => {
    const input = new PassThrough();
    const output = new ConsoleOutput();
    const log = new LogCapture();
    input.write('transfer-leader 42 4\n');
    const demo = runDemo(
      { log: true },
      {
        input,
        output,
        logOutput: log,
        errorOutput: new ConsoleOutput(),
        user: 'bob',
        newCorrelationId: () => 'demo-1',
        clock: systemClock,
        color: false,
        terminal: false,
      },
    );
    await output.waitFor('Following it to the end in the background');
    // The demo's simulator runs in real time: the end comes at the first poll (1 s) or a later one.
    await output.waitFor(
      '[demo-1] transfer-leader region_id=42 to_store_id=4: followed to the end: SUCCESS',
      1,
      20_000,
    );
    input.end();
    expect(await demo).toBe(0);
    expect(output.text).toContain('A write PD accepts is followed to its end in the background');
    expect(log.find((l) => l.decision === 'follow_up_ended')).toMatchObject([{ status: 'SUCCESS' }]);
  }, 30_000);
});

async function demoWith(policyFile: string, lines: string, user = 'U0ROOT') {
  const input = new PassThrough();
  const output = new ConsoleOutput();
  const errorOutput = new ConsoleOutput();
  const log = new LogCapture();
  input.end(lines);
  const code = await runDemo(
    { log: true },
    {
      input,
      output,
      logOutput: log,
      errorOutput,
      user,
      newCorrelationId: () => 'demo-1',
      clock: systemClock,
      color: false,
      terminal: false,
      policyFile,
    },
  );
  return { code, output: output.text, errors: errorOutput.text, log };
}

describe('runDemo with POLICY_FILE', () => {
  it.each([
    ['missing', 'no-such.yaml', null, 'cannot read the policy file'],
    ['not YAML', 'broken.yaml', 'rules: [\n', 'YAML syntax error'],
    [
      'invalid',
      'bad.yaml',
      'version: 1\nrules:\n  - name: x\n    users: [root]\n    risk: [high]\n',
      'not a Slack user ID',
    ],
  ])(
    'refuses to start when the policy file is %s; never falls back to the demo policy',
    async (_what, name, yaml, problem) => {
      const dir = await mkdtemp(join(tmpdir(), 'tikv-chatops-demo-'));
      const path = join(dir, name);
      if (yaml !== null) await writeFile(path, yaml);
      const run = await demoWith(path, 'transfer-leader 42 4\n');
      expect(run.code).toBe(POLICY_EXIT_CODE);
      expect(run.errors).toContain(problem);
      expect(run.errors).toContain('Nothing was run');
      // Nothing started: no banner, no simulator, no command read.
      expect(run.output).toBe('');
      expect(run.log.find((l) => l.decision === 'refused_to_start')).toHaveLength(1);
      expect(run.log.find((l) => l.decision === 'executed' || l.decision === 'started')).toEqual([]);
    },
  );

  it('refuses to start when POLICY_FILE is set but empty', async () => {
    const run = await demoWith('', 'transfer-leader 42 4\n');
    expect(run.code).toBe(POLICY_EXIT_CODE);
    expect(run.errors).toContain('POLICY_FILE is set but empty');
    expect(run.output).toBe('');
  });

  it('denies what the policy does not grant, in plain words without Slack markup', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tikv-chatops-demo-'));
    const path = join(dir, 'policy.yaml');
    await writeFile(path, 'version: 1\nrules:\n  - name: leads\n    users: [U0LEAD]\n    risk: [high]\n');
    const run = await demoWith(path, 'transfer-peer 7 1 3\nwhoami\n');
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      'Not run: transfer-peer was denied: U0ROOT may not run transfer-peer (high risk) outside a channel',
    );
    expect(run.output).toContain(
      'What would allow it: rule "leads" grants high risk actions (transfer_peer is high risk) in any channel; you are not in its users or groups',
    );
    expect(run.output).not.toMatch(/<[@#!]/);
    expect(run.log.find((l) => l.decision === 'denied')).toMatchObject([
      {
        denialCode: 'NOT_GRANTED',
        reason: 'U0ROOT may not run transfer-peer (high risk) outside a channel on cluster demo',
      },
    ]);
    expect(run.log.find((l) => l.decision === 'executed')).toEqual([]);
  });
});
