import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PD_VERSION } from '../../src/start-pd-sim.js';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The package's `pd-sim` bin (what `npm run pd-sim -- …` runs) as a separate node process. */
function pdSimCli(...args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['bin/pd-sim.js', ...args], { cwd: PACKAGE });
}

function untilExit(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string }> {
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

/** Resolves with the first stdout line, however the output is chunked. */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const end = seen.indexOf('\n');
      if (end >= 0) resolve(seen.slice(0, end));
    });
    child.once('error', reject);
    child.once('close', (code) => reject(new Error(`pd-sim exited (${code}) before printing a line`)));
  });
}

describe('pd-sim CLI names the PD build it copies', () => {
  it('--help names the commit and the git-describe version /version reports', async () => {
    const run = await untilExit(pdSimCli('--help'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Answers as PD master a186e0cc61 (2026-08-21, in no release) does');
    expect(run.stdout).toContain('v9.0.0-beta.2.pre-483-ga186e0cc61');
  });

  it('says it on the startup line, and /version answers the same string', async () => {
    const child = pdSimCli('--port', '0', '--timing', 'manual');
    const exited = untilExit(child);
    try {
      const line = await firstLine(child);
      expect(line).toMatch(
        /^pd-sim listening on http:\/\/127\.0\.0\.1:\d+, answering as PD master a186e0cc61 \(2026-08-21, in no release\), reporting version v9\.0\.0-beta\.2\.pre-483-ga186e0cc61$/,
      );
      const url = /listening on (\S+),/.exec(line)?.[1];
      const answer = await fetch(`${url}/pd/api/v1/version`);
      expect(((await answer.json()) as { version: string }).version).toBe(DEFAULT_PD_VERSION);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
