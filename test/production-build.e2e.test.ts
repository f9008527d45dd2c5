import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN, BOT_TOKEN, GRANT_ONCALL_POLICY } from './support/bot-harness.js';
import { slashCommandFields, startFakeSlack } from './support/fake-slack/index.js';

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
  describe('what the Docker image runs', () => {
    it('its HEALTHCHECK exits 0 while the bot serves /healthz on HEALTH_PORT in Socket Mode, 1 once it stopped; nothing under the install is written', async () => {
      const docker = await dockerfile();
      const image = join(work, 'image');
      const before = await snapshot(image);
      const sim = await startPdSim();
      const slack = await startFakeSlack();
      const data = await mkdtemp(join(tmpdir(), 'tikv-chatops-volume-'));
      try {
        await writeFile(join(data, 'policy.yaml'), GRANT_ONCALL_POLICY);
        const env = {
          ...docker.env,
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_APP_TOKEN: APP_TOKEN,
          SLACK_API_URL: slack.apiUrl,
          PD_ENDPOINTS: sim.url,
          HEALTH_PORT: String(await freePort()),
          HEALTH_HOST: '127.0.0.1',
          // The mounted volumes: the only places the bot reads its files from and writes to.
          POLICY_FILE: join(data, 'policy.yaml'),
          AUDIT_FILE: join(data, 'audit.jsonl'),
        };
        const [command = '', ...args] = docker.cmd;
        const bot = spawn(command, args, { cwd: image, env: { PATH: process.env.PATH ?? '', ...env } });
        const exited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));
        let stdout = '';
        const started = new Promise<void>((resolve, reject) => {
          bot.stdout.setEncoding('utf8').on('data', (chunk: string) => {
            stdout += chunk;
            if (stdout.includes('"decision":"started"')) resolve();
          });
          void exited.then(() => reject(new Error(`bot exited before starting: ${stdout}`)));
        });
        await started;
        const [checkCommand = '', ...checkArgs] = docker.healthcheck;
        expect(await run(checkCommand, checkArgs, image, env)).toMatchObject({ code: 0 });
        const responseUrl = slack.newResponseUrl();
        slack.sendEnvelope(
          'slash_commands',
          slashCommandFields({
            text: 'transfer-leader 42 4',
            responseUrl,
            userId: 'U0ONCALL',
            channelId: 'C0INCIDENT',
          }),
        );
        await slack.waitForResponse((r) => r.url === responseUrl);
        bot.kill('SIGTERM');
        expect(await exited).toBe(0);
        const after = await run(checkCommand, checkArgs, image, env);
        expect(after.code).toBe(1);
        expect(after.stderr).toContain('ECONNREFUSED');
        // The audit trail went to the volume, and the install is exactly as it was.
        expect((await readFile(join(data, 'audit.jsonl'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(
          2,
        );
        expect(await snapshot(image)).toEqual(before);
      } finally {
        await slack.close();
        await sim.close();
        await rm(data, { recursive: true, force: true });
      }
    }, 60_000);

    it('stack traces from the built code name the TypeScript file, with the NODE_OPTIONS the image sets', async () => {
      const docker = await dockerfile();
      const image = join(work, 'image');
      // pdPathTemplate on a non-string throws inside dist/src/metrics/pd-path-template.js.
      const script =
        "const { pdPathTemplate } = await import('./dist/src/metrics/pd-path-template.js'); pdPathTemplate(undefined);";
      const mapped = await run(process.execPath, ['--input-type=module', '-e', script], image, docker.env);
      expect(mapped.code).toBe(1);
      expect(mapped.stderr).toMatch(/src\/metrics\/pd-path-template\.ts:\d+:\d+/);
      const plain = await run(process.execPath, ['--input-type=module', '-e', script], image, {});
      expect(plain.stderr).toMatch(/dist\/src\/metrics\/pd-path-template\.js:\d+:\d+/);
      expect(plain.stderr).not.toMatch(/pd-path-template\.ts/);
    });
  });
});

/** The runtime stage's CMD, HEALTHCHECK command and ENV, as the image runs them. */
async function dockerfile(): Promise<{ cmd: string[]; healthcheck: string[]; env: Record<string, string> }> {
  const text = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
  const runtime = text.slice(text.lastIndexOf('\nFROM '));
  const json = (pattern: RegExp) => {
    const match = pattern.exec(runtime);
    expect(match, String(pattern)).not.toBeNull();
    return JSON.parse(match?.[1] ?? '[]') as string[];
  };
  const env: Record<string, string> = {};
  for (const line of runtime.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const [, key, value] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[key as string] = value as string;
  }
  return {
    cmd: json(/^CMD (\[.*\])$/m),
    healthcheck: json(/^HEALTHCHECK .*CMD (\[.*\])$/m),
    env,
  };
}

/** Every file under `dir` (symlinks not followed) with its size and modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: Record<string, string> = {};
  for (const e of entries) {
    const path = join(e.parentPath, e.name);
    const s = await stat(path).catch(() => undefined);
    if (e.isSymbolicLink()) out[relative(dir, path)] = 'symlink';
    else out[relative(dir, path)] = `${s?.size}:${s?.mtimeMs}`;
  }
  return out;
}

/** A port nothing listens on now (the OS's pick), for a variable that cannot say 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
