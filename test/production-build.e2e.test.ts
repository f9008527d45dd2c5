import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * An install like the Docker image's runtime stage: the build's dist/ next to a node_modules without the
 * simulator's workspace link (npm ci --omit=dev --workspaces=false, no packages/ copied).
 */
async function imageLikeInstall(at: string, dist: string): Promise<void> {
  await mkdir(join(at, 'node_modules'), { recursive: true });
  for (const name of await readdir(join(ROOT, 'node_modules'))) {
    if (name === '@tikv-chatops' || name === '.bin') continue;
    await symlink(join(ROOT, 'node_modules', name), join(at, 'node_modules', name));
  }
  await cp(dist, join(at, 'dist'), { recursive: true });
  await cp(join(ROOT, 'package.json'), join(at, 'package.json'));
}

describe('the production build ships the bot without the PD simulator', () => {
  let work: string;
  let dist: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'tikv-chatops-build-'));
    dist = join(work, 'build');
    const tsc = await run(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist],
      ROOT,
    );
    expect(tsc, tsc.stdout).toMatchObject({ code: 0 });
    await imageLikeInstall(join(work, 'image'), dist);
  }, 60_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('emits src/ only: no file of packages/pd-sim is compiled into it', async () => {
    const files = await filesUnder(dist);
    expect(files).toContain(join('src', 'main.js'));
    expect(files).toContain(join('src', 'bin', 'tikv-chatops.js'));
    expect(files.filter((f) => !f.startsWith('src/'))).toEqual([]);
    expect(files.filter((f) => /start-pd-sim|sim-cluster|pd-router/.test(f))).toEqual([]);
  });

  it('the bot starts without the simulator installed (its config check is the first thing that fails)', async () => {
    const bot = await run(process.execPath, ['dist/src/main.js'], join(work, 'image'));
    expect(bot.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    expect(bot.stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(bot.code).toBe(2);
  });

  it('`tikv-chatops demo` in such an install exits 2 saying to run `npm run demo` from a checkout', async () => {
    const demo = await run(process.execPath, ['dist/src/bin/tikv-chatops.js', 'demo'], join(work, 'image'));
    expect(demo).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'tikv-chatops: demo needs the PD simulator (@tikv-chatops/pd-sim), a development tool this installation does not include:\n' +
        'the Docker image and `npm run build` ship the bot only. Try the demo from a checkout: npm ci && npm run demo\n',
    });
  });

  it('`node dist/…/tikv-chatops.js demo` in a checkout, where the simulator is TypeScript source, says the same', async () => {
    const checkout = join(work, 'checkout');
    await mkdir(checkout);
    await symlink(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    await cp(dist, join(checkout, 'dist'), { recursive: true });
    await cp(join(ROOT, 'package.json'), join(checkout, 'package.json'));
    const demo = await run(process.execPath, ['dist/src/bin/tikv-chatops.js', 'demo'], checkout);
    expect(demo.stderr).toContain('Try the demo from a checkout: npm ci && npm run demo');
    expect(demo.code).toBe(2);
  });
});
