import type { Readable, Writable } from 'node:stream';
import { startPdSim } from '@tikv-chatops/pd-sim';
import type { Clock } from '../core/engine/engine.js';
import type { FollowUpTimers } from '../core/follow-ups/follow-up-ports.js';
import { InMemoryFollowUpStore } from '../follow-ups/in-memory-follow-up-store.js';
import { pdFollowUpReader } from '../follow-ups/pd-follow-up-reader.js';
import { realTimers } from '../follow-ups/real-timers.js';
import { createLogger } from '../logging/create-logger.js';
import { buildTikvEngine } from '../subjects/tikv/build-tikv-engine.js';
import { TIKV_ACTIONS } from '../subjects/tikv/tikv-actions.js';
import { ConsoleFollowUps } from './console-follow-ups.js';
import { runConsoleSession } from './console-session.js';
import { demoExamples } from './demo-examples.js';
import { type LocalSafety, openLocalSafety, PolicyFileError } from './local-safety.js';
import { SIMULATOR_MARKER } from './render-outcome-text.js';
import { createTextStyle } from './text-style.js';

export interface DemoOptions {
  /** JSON log lines on `logOutput`; off by default so the console stays readable. */
  readonly log: boolean;
}

export interface DemoIo {
  readonly input: Readable;
  readonly output: Writable;
  readonly logOutput: Writable;
  /** Where a refusal to start is said (stderr). */
  readonly errorOutput: Writable;
  readonly user: string;
  readonly newCorrelationId: () => string;
  readonly clock: Clock;
  readonly color: boolean;
  readonly terminal?: boolean;
  /** POLICY_FILE and AUDIT_FILE, as for the bot; the demo policy grants the local user otherwise. */
  readonly policyFile?: string;
  readonly auditFile?: string;
  /** The follow-ups' poll timers (tests drive them with the clock); default Node's. */
  readonly followUpTimers?: FollowUpTimers;
}

/** The demo's exit code when POLICY_FILE cannot be used: a usage error, as in `exec`. */
export const POLICY_EXIT_CODE = 2;

/** The demo's one cluster: the in-process simulator. */
export const DEMO_CLUSTER = 'demo';

/** Fixed so every demo shows the same cluster; the documented demo facts hold for any seed. */
export const DEMO_SEED = 1;

/**
 * `npm run demo`: a PD simulator in this process and the console in front of it, wired exactly as
 * the Slack bot is. Resolves with the exit code once the session ends and everything is closed.
 */
export async function runDemo(options: DemoOptions, io: DemoIo): Promise<number> {
  const logger = createLogger({
    level: options.log ? 'info' : 'silent',
    ...(options.log && { destination: io.logOutput }),
  });
  // The policy first: a broken POLICY_FILE stops the demo before anything starts.
  let local: LocalSafety;
  try {
    local = await openLocalSafety({
      user: io.user,
      logger,
      clock: io.clock,
      actionNames: TIKV_ACTIONS.map((a) => a.name),
      clusterNames: [DEMO_CLUSTER],
      ...(io.policyFile !== undefined && { policyFile: io.policyFile }),
      ...(io.auditFile !== undefined && { auditFile: io.auditFile }),
    });
  } catch (error) {
    if (!(error instanceof PolicyFileError)) throw error;
    logger.error({ decision: 'refused_to_start', errorCode: error.code }, 'policy file unusable');
    io.errorOutput.write(`${error.message}\n`);
    return POLICY_EXIT_CODE;
  }
  const sim = await startPdSim({ host: '127.0.0.1', port: 0, seed: DEMO_SEED, timing: 'realtime' });
  try {
    const { registry, engine, close, pds } = buildTikvEngine({
      safety: local.safety,
      clusters: [
        {
          name: DEMO_CLUSTER,
          production: false,
          // The simulator is part of the cluster's description, known up front: every message says so.
          simulated: true,
          endpoints: [sim.url],
          connectTimeoutMs: 3_000,
          responseTimeoutMs: 10_000,
        },
      ],
      logger,
      clock: io.clock,
    });
    try {
      io.output.write(banner(sim.url, local.description, io.color));
      logger.info(
        { decision: 'started', mode: 'console', cluster: DEMO_CLUSTER, pdEndpoint: sim.url, simulated: true },
        'demo is up',
      );
      await runConsoleSession({
        registry,
        engine,
        logger,
        policyDescription: local.description,
        input: io.input,
        output: io.output,
        user: io.user,
        newCorrelationId: io.newCorrelationId,
        color: io.color,
        ...(io.terminal !== undefined && { terminal: io.terminal }),
        followUps: new ConsoleFollowUps({
          clock: io.clock,
          logger,
          store: new InMemoryFollowUpStore({ clock: io.clock }),
          read: pdFollowUpReader(pds),
          timers: io.followUpTimers ?? realTimers,
          actions: () => TIKV_ACTIONS,
        }),
      });
      logger.info({ decision: 'stopped' }, 'demo stopped');
      return 0;
    } finally {
      await close();
    }
  } finally {
    await local.close();
    await sim.close();
  }
}

function banner(url: string, policy: string, color: boolean): string {
  const s = createTextStyle(color);
  const examples = demoExamples();
  const width = Math.max(...examples.map((e) => e.command.length));
  return [
    s.bold('tikv-chatops demo'),
    `${s.yellow(s.bold(SIMULATOR_MARKER))} PD is a simulator at ${url}, running in this process: not a real cluster.`,
    `Policy: ${policy}.`,
    'Type commands as you would after /tikv in Slack. Try:',
    ...examples.map((e) => `  ${s.cyan(e.command.padEnd(width))}  ${s.dim(e.note)}`),
    'A write PD accepts is followed to its end in the background: its progress and end print above the prompt.',
    'exit, quit or Ctrl-D to leave.',
    '',
  ].join('\n');
}
