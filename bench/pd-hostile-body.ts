/**
 * What a hostile PD answer costs the bot: npx tsx bench/pd-hostile-body.ts [maxBodyBytes]
 * The PD simulator (in this process) answers POST /operators with (a) 10 MB, (b) a body that never
 * ends, (c) 10 MB as HTTP 500. For each, a fresh child process runs transfer-leader through the real
 * engine (PdClient, audit to the log and a JSON-lines file, createLogger), renders the outcome for
 * Slack and the console, and reports its peak RSS, the time to the outcome, log line sizes and
 * message sizes. One child per case, so each peak is that case's alone.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

interface ChildResult {
  readonly outcome: string;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly truncatedAtBytes: number | undefined;
  readonly msToOutcome: number;
  readonly peakRssMiB: number;
  readonly peakAfterEngineMiB: number;
  readonly peakAfterSlackMiB: number;
  readonly readyRssMiB: number;
  readonly logLines: number;
  readonly longestLogLine: number;
  readonly auditFileBytes: number;
  readonly slackTextChars: number;
  readonly slackMessageJsonBytes: number;
  readonly consoleTextChars: number;
}

const CASES = [
  { name: 'control: a normal answer', fault: 'POST /pd/api/v1/nothing=hang' },
  { name: '(a) 10 MB, HTTP 200', fault: 'POST /pd/api/v1/operators=huge:10000000' },
  { name: '(b) endless, HTTP 200', fault: 'POST /pd/api/v1/operators=endless' },
  { name: '(c) 10 MB, HTTP 500', fault: 'POST /pd/api/v1/operators=huge:10000000:500' },
];

async function child(url: string, maxBodyBytes: number, auditFile: string): Promise<ChildResult> {
  const { createLogger } = await import('../src/logging/create-logger.js');
  const { openAuditSink } = await import('../src/audit/open-audit-sink.js');
  const { InMemoryApprovalStore } = await import('../src/approvals/in-memory-approval-store.js');
  const { demoPolicy } = await import('../src/policy/demo-policy.js');
  const { buildTikvEngine } = await import('../src/subjects/tikv/build-tikv-engine.js');
  const { TIKV_ACTIONS } = await import('../src/subjects/tikv/tikv-actions.js');
  const { renderOutcomeMessage } = await import('../src/slack/render-outcome-message.js');
  const { renderOutcomeText } = await import('../src/console/render-outcome-text.js');

  let logLines = 0;
  let longestLogLine = 0;
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        logLines++;
        longestLogLine = Math.max(longestLogLine, Buffer.byteLength(line));
      }
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const audit = await openAuditSink({ logger, auditFile });
  const { engine, close: closePd } = buildTikvEngine({
    clusters: [
      {
        name: 'default',
        production: false,
        endpoints: [url],
        connectTimeoutMs: 2000,
        responseTimeoutMs: 30_000,
      },
    ],
    maxBodyBytes,
    logger,
    clock: { now: () => new Date(), monotonic: () => performance.now() },
    safety: {
      policy: () => demoPolicy('U0ONCALL'),
      groupsOf: async () => [],
      approvals: new InMemoryApprovalStore(),
      audit,
    },
  });
  const action = TIKV_ACTIONS.find((a) => a.name === 'transfer_leader');
  if (!action) throw new Error('no transfer_leader');
  const readyRssMiB = process.memoryUsage().rss / 2 ** 20;
  const started = performance.now();
  const outcome = await engine.execute({
    action,
    params: { region_id: 42, to_store_id: 4 },
    actor: { id: 'U0ONCALL', source: 'slack' },
    channelId: 'C0INCIDENT',
    cluster: 'default',
    correlationId: 'bench0000001',
  });
  const msToOutcome = performance.now() - started;
  const peakAfterEngineMiB = process.resourceUsage().maxRSS / 1024;
  const slack = renderOutcomeMessage(outcome);
  const peakAfterSlackMiB = process.resourceUsage().maxRSS / 1024;
  const consoleText = renderOutcomeText(outcome);
  await audit.close();
  await closePd();
  const response = outcome.kind === 'ok' ? outcome.response : undefined;
  const error = outcome.kind === 'pd_error' ? outcome.error : undefined;
  return {
    outcome: outcome.kind,
    status: response?.status ?? (error && 'status' in error ? error.status : undefined),
    errorCode: error?.code,
    truncatedAtBytes:
      response?.truncatedAtBytes ??
      (error && 'truncatedAtBytes' in error ? error.truncatedAtBytes : undefined),
    msToOutcome,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    peakAfterEngineMiB,
    peakAfterSlackMiB,
    readyRssMiB,
    logLines,
    longestLogLine,
    auditFileBytes: (await stat(auditFile)).size,
    slackTextChars: slack.text.length,
    slackMessageJsonBytes: Buffer.byteLength(JSON.stringify(slack)),
    consoleTextChars: consoleText.length,
  };
}

function runChild(url: string, maxBodyBytes: number, auditFile: string): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', script, '--child', url, String(maxBodyBytes), auditFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as ChildResult);
      else reject(new Error(`child exited ${code}: ${out}`));
    });
  });
}

const mib = (n: number) => `${n.toFixed(0)} MiB`;
const kib = (n: number) =>
  n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;

if (process.argv[2] === '--child') {
  const [url = '', max = '', auditFile = ''] = process.argv.slice(3);
  const result = await child(url, Number(max), auditFile);
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
} else {
  const maxBodyBytes = Number(process.argv[2] ?? 1024 * 1024);
  const { startPdSim } = await import('@tikv-chatops/pd-sim');
  const sim = await startPdSim({ timing: 'manual' });
  const dir = await mkdtemp(join(tmpdir(), 'pd-hostile-body-'));
  try {
    console.log(`PD_MAX_BODY_BYTES=${maxBodyBytes}; node ${process.version}`);
    console.log(
      '| case | outcome | to outcome | RSS before → peak after engine → after Slack render → after console render | log lines / longest | audit file | Slack text / message JSON | console text |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const [i, c] of CASES.entries()) {
      sim.faults.set(c.fault);
      const r = await runChild(sim.url, maxBodyBytes, join(dir, `audit-${i}.jsonl`));
      const what =
        r.outcome === 'ok'
          ? `ok, HTTP ${r.status}`
          : `${r.outcome} ${r.errorCode}${r.status !== undefined ? ` HTTP ${r.status}` : ''}`;
      const cut = r.truncatedAtBytes !== undefined ? `, cut at ${kib(r.truncatedAtBytes)}` : '';
      console.log(
        `| ${c.name} | ${what}${cut} | ${r.msToOutcome.toFixed(0)} ms | ${mib(r.readyRssMiB)} → ${mib(r.peakAfterEngineMiB)} → ${mib(r.peakAfterSlackMiB)} → ${mib(r.peakRssMiB)} | ${r.logLines} / ${kib(r.longestLogLine)} | ${kib(r.auditFileBytes)} | ${r.slackTextChars} chars / ${kib(r.slackMessageJsonBytes)} | ${r.consoleTextChars} chars |`,
      );
    }
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
