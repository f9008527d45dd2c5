/**
 * How long the real process takes from SIGTERM to exit with N `/tikv` commands in flight, PD
 * answering each POST D ms late: npx tsx bench/shutdown-in-flight.ts [D] [N...]
 * The bot runs as deployed (`node src/main.ts`, Socket Mode, against the Slack fake and the PD
 * simulator on loopback). SIGTERM is sent the moment PD has received all N POSTs, so the drain
 * must wait about D ms; "overhead" is what the shutdown adds after PD answered the last.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPdSim } from '@tikv-chatops/pd-sim';
import { APP_TOKEN, BOT_TOKEN, GRANT_ONCALL_POLICY } from '../test/support/bot-harness.js';
import { slashCommandFields, startFakeSlack } from '../test/support/fake-slack/index.js';

const delayMs = Number(process.argv[2] ?? 1000);
const counts = process.argv.slice(3).map(Number);
if (counts.length === 0) counts.push(0, 1, 10, 50);

async function run(n: number) {
  const sim = await startPdSim();
  const slack = await startFakeSlack();
  const dir = await mkdtemp(join(tmpdir(), 'tikv-bench-shutdown-'));
  try {
    const policyFile = join(dir, 'policy.yaml');
    const auditFile = join(dir, 'audit.jsonl');
    await writeFile(policyFile, GRANT_ONCALL_POLICY);
    sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'delay', ms: delayMs });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        PD_ENDPOINTS: sim.url,
        PD_TIMEOUT_MS: String(Math.max(10_000, delayMs * 2)),
        SHUTDOWN_DEADLINE_MS: String(Math.max(25_000, delayMs * 2 + 8000)),
        POLICY_FILE: policyFile,
        AUDIT_FILE: auditFile,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await slack.waitForSocketConnection(undefined, 30_000);
    // The version probe runs after the socket opens; wait for it so the POSTs below are the commands.
    await sim.waitForRequest((r) => r.path === '/pd/api/v1/version', 30_000);
    const urls = Array.from({ length: n }, () => slack.newResponseUrl());
    const posts = () => sim.requests.filter((q) => q.method === 'POST').length;
    // Resolves the moment PD has received the n-th POST (the log is appended before waiters run).
    const allPosted =
      n === 0
        ? Promise.resolve()
        : sim.waitForRequest((r) => r.method === 'POST' && posts() >= n, 30_000).then(() => undefined);
    urls.forEach((responseUrl, i) => {
      slack.sendEnvelope(
        'slash_commands',
        slashCommandFields({
          text: `transfer-leader ${2 + 4 * i} 4`,
          responseUrl,
          userId: 'U0ONCALL',
          channelId: 'C0INCIDENT',
        }),
      );
    });
    await allPosted;
    const signalled = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    const exitAt = performance.now();
    const replies = urls.filter((u) => slack.responses.some((r) => r.url === u)).length;
    const audit = (await readFile(auditFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    const lastAnswer = signalled + (n > 0 ? delayMs : 0);
    return {
      n,
      code,
      sigtermToExitMs: exitAt - signalled,
      overheadMs: exitAt - Math.max(lastAnswer, signalled),
      replies,
      audit,
    };
  } finally {
    await slack.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`node ${process.version}; PD answers each POST ${delayMs} ms late`);
console.log(
  '| in flight | exit code | SIGTERM → exit | after PD answered the last | replies posted | audit records |',
);
console.log(
  '| --------- | --------- | -------------- | ---------------------- | -------------- | ------------- |',
);
for (const n of counts) {
  const r = await run(n);
  console.log(
    `| ${r.n} | ${r.code} | ${r.sigtermToExitMs.toFixed(0)} ms | ${r.overheadMs.toFixed(0)} ms | ${r.replies}/${r.n} | ${r.audit} |`,
  );
}
