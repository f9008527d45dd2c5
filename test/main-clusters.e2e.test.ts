import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_TOKEN, BOT_TOKEN } from './support/bot-harness.js';
import { type FakeSlack, startFakeSlack } from './support/fake-slack/index.js';
import { createTestPki } from './support/test-pki.js';

/** `node src/main.ts` as deployed; resolves when it logs `started` or exits, whichever comes first. */
function runBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      // Socket Mode's health server on an ephemeral loopback port, never a shared 8080.
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // 'close', not 'exit': the pipes may still hold output when the process has exited.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // stdout and stderr are separate pipes: a line on one says nothing about what reached the other.
  const stderrContains = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (!stderr.includes(text)) return;
        child.stderr.off('data', check);
        resolve(stderr);
      };
      child.stderr.on('data', check);
      check();
      void exited.then(() => (stderr.includes(text) ? resolve(stderr) : reject(new Error(stderr))));
    });
  const outcome = new Promise<'started' | { code: number | null }>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('"decision":"started"')) resolve('started');
    });
    child.once('exit', (code) => resolve({ code }));
  });
  return { child, outcome, stderrContains, stderr: () => stderr };
}

describe('src/main.ts with CLUSTERS_FILE', () => {
  let sim: PdSim | undefined;
  let slack: FakeSlack | undefined;
  let dir: string | undefined;
  let stop: (() => void) | undefined;
  afterEach(async () => {
    stop?.();
    await slack?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    sim = slack = dir = stop = undefined;
  });

  it('prints an expired certificate as a warning and starts', async () => {
    const pki = await createTestPki();
    sim = await startPdSim();
    slack = await startFakeSlack();
    dir = await mkdtemp(join(tmpdir(), 'tikv-main-clusters-'));
    await writeFile(join(dir, 'ca.pem'), pki.ca);
    await writeFile(join(dir, 'client.pem'), pki.expiredClient.cert);
    await writeFile(join(dir, 'client-key.pem'), pki.expiredClient.key);
    const clustersFile = join(dir, 'clusters.yaml');
    // Until the wiring step the bot talks to the first cluster only; the second is checked at start.
    await writeFile(
      clustersFile,
      `version: 1
clusters:
  - name: lab
    production: false
    pd: {endpoints: ['${sim.url}']}
  - name: prod
    production: true
    pd:
      endpoints: [https://127.0.0.1:9]
      tls: {ca: ca.pem, cert: client.pem, key: client-key.pem}
`,
    );
    const bot = runBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      CLUSTERS_FILE: clustersFile,
    });
    stop = () => bot.child.kill('SIGKILL');
    expect(await bot.outcome, bot.stderr()).toBe('started');
    await bot.stderrContains(
      `tikv-chatops: warning: ${clustersFile}:10:31: clusters[1].pd.tls.cert: the certificate "CN=tikv-chatops" expired on`,
    );
  });

  it('refuses CLUSTERS_FILE with PD_ENDPOINTS, saying which to drop, and exits 2', async () => {
    const bot = runBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      CLUSTERS_FILE: '/nonexistent/clusters.yaml',
      PD_ENDPOINTS: 'http://127.0.0.1:9',
    });
    expect(await bot.outcome).toEqual({ code: 2 });
    await bot.stderrContains(
      "CLUSTERS_FILE and PD_ENDPOINTS are both set: drop PD_ENDPOINTS (the clusters file names every cluster's PD endpoints and TLS files)",
    );
  });
});
