import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { ReadFileSync } from '../clusters/read-pem-file.js';
import { readClusterSource } from '../config/read-cluster-source.js';
import { CommandFlow } from '../core/commands/command-flow.js';
import { validateParams } from '../core/commands/validate-params.js';
import type { Clock } from '../core/engine/engine.js';
import type { Outcome } from '../core/engine/outcome.js';
import { DEFAULT_FOLLOW_UP_SETTINGS, type FollowUpTimers } from '../core/follow-ups/follow-up-ports.js';
import { FollowUpService } from '../core/follow-ups/follow-up-service.js';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import type { PdTransport } from '../core/pd/pd-port.js';
import { InMemoryFollowUpStore } from '../follow-ups/in-memory-follow-up-store.js';
import { pdFollowUpReader } from '../follow-ups/pd-follow-up-reader.js';
import { realTimers } from '../follow-ups/real-timers.js';
import { createLogger } from '../logging/create-logger.js';
import {
  buildTikvEngine,
  type TikvClusterOptions,
  tikvClusterOptions,
} from '../subjects/tikv/build-tikv-engine.js';
import { TIKV_ACTIONS } from '../subjects/tikv/tikv-actions.js';
import { EXIT_CODES, exitCodeFor, toExecResult } from './exec-result.js';
import { followUpLine } from './follow-up-line.js';
import { type LocalSafety, openLocalSafety, PolicyFileError } from './local-safety.js';
import { renderHelpText } from './render-help-text.js';
import { renderOutcomeText } from './render-outcome-text.js';
import { renderPermissionsText } from './render-permissions-text.js';
import { stripSlashCommand } from './strip-slash-command.js';
import { printable } from './text-style.js';

/** `--pd URL` makes one cluster, named like the one PD_ENDPOINTS makes. */
export const EXEC_CLUSTER = 'default';

export interface ExecOptions {
  readonly command: string;
  /** `--pd URL[,URL…]`: one cluster, `default`. Without it the clusters come from the environment. */
  readonly pd?: string;
  readonly json: boolean;
  readonly timeoutMs: number;
  readonly log: boolean;
  /** `--wait`: follow an accepted write to its end before exiting. */
  readonly wait?: boolean;
}

export interface ExecIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly user: string;
  readonly newCorrelationId: () => string;
  readonly clock: Clock;
  readonly color: { readonly stdout: boolean; readonly stderr: boolean };
  readonly policyFile?: string;
  readonly auditFile?: string;
  /** CLUSTERS_FILE or PD_ENDPOINTS (+ PD_CACERT, PD_CERT, PD_KEY), read as the bot reads them, when --pd is absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly readFile?: ReadFileSync;
  /** `--wait`'s poll timers (tests drive them); default Node's. */
  readonly followUpTimers?: FollowUpTimers;
}

/**
 * `tikv-chatops exec`: one command, no questions asked. Success goes to stdout; anything else to
 * stderr with PD's answer verbatim; `--json` puts one result object on stdout in every case.
 * Resolves with the exit code.
 */
export async function runExec(options: ExecOptions, io: ExecIo): Promise<number> {
  const logger = createLogger({
    level: options.log ? 'info' : 'silent',
    ...(options.log && { destination: io.stderr }),
  });
  const clusters = execClusters(options, io);
  if (!clusters.ok) {
    logger.error({ decision: 'refused_to_start', errorCode: 'CLUSTERS_INVALID' }, 'no usable cluster');
    io.stderr.write(`${clusters.problems.map((p) => `tikv-chatops: ${p}`).join('\n')}\n`);
    return EXIT_CODES.usage;
  }
  for (const warning of clusters.warnings) io.stderr.write(`tikv-chatops: warning: ${warning}\n`);
  let local: LocalSafety;
  try {
    local = await openLocalSafety({
      user: io.user,
      logger,
      clock: io.clock,
      actionNames: TIKV_ACTIONS.map((a) => a.name),
      clusterNames: clusters.clusters.map((c) => c.name),
      ...(io.policyFile !== undefined && { policyFile: io.policyFile }),
      ...(io.auditFile !== undefined && { auditFile: io.auditFile }),
    });
  } catch (error) {
    // A POLICY_FILE (or AUDIT_FILE) that cannot be used refuses the command (exit 2); it never
    // falls back to the demo policy, which grants everything.
    const errorCode = error instanceof PolicyFileError ? error.code : 'LOCAL_SAFETY_FAILED';
    logger.error({ decision: 'refused_to_start', errorCode }, 'policy or audit file unusable');
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.usage;
  }
  const { registry, engine, close, pds } = buildTikvEngine({
    safety: local.safety,
    clusters: clusters.clusters,
    logger,
    clock: io.clock,
  });
  try {
    const flow = new CommandFlow({ engine, registry, logger, newCorrelationId: io.newCorrelationId });
    const ctx = flow.begin({ actor: { id: io.user, source: 'exec' } });
    const step = flow.interpret(ctx, stripSlashCommand(options.command));
    if (step.kind === 'help') {
      const help = renderHelpText(registry, step.target ?? engine.clusters, step.action, {
        color: io.color.stdout,
        prompts: false,
      });
      io.stdout.write(options.json ? `${JSON.stringify({ ok: true, kind: 'help', help })}\n` : help);
      return EXIT_CODES.ok;
    }
    if (step.kind === 'permissions') {
      const text = renderPermissionsText(engine, io.user, local.description, step.action, step.target);
      io.stdout.write(options.json ? `${JSON.stringify({ ok: true, kind: 'permissions', text })}\n` : text);
      return EXIT_CODES.ok;
    }
    let outcome: Outcome;
    if (step.kind === 'invalid_input') {
      outcome = step.outcome;
    } else if (step.kind === 'incomplete') {
      // Scripts cannot answer questions: name what is missing, in the same words a prompt would.
      const checked = validateParams(step.action, step.provided);
      outcome = flow.refuseIncomplete(ctx, step, checked.ok ? [] : checked.issues).outcome;
    } else {
      outcome = await flow.execute(ctx, step.request);
    }
    let followed: FollowUp | undefined;
    if (options.wait === true && outcome.kind === 'ok' && outcome.request.dryRun !== true) {
      followed = await followToEnd(outcome, {
        clock: io.clock,
        logger,
        transports: pds,
        progress: (text) => io.stderr.write(`${text}\n`),
        ...(io.followUpTimers !== undefined && { timers: io.followUpTimers }),
      });
    }
    const succeeded = followed === undefined || followed.state === 'succeeded';
    const code = succeeded ? exitCodeFor(outcome.kind) : EXIT_CODES.failed;
    if (options.json) {
      const result = toExecResult(outcome);
      io.stdout.write(
        `${JSON.stringify(followed === undefined ? result : { ...result, ok: result.ok && succeeded, followUp: followUpJson(followed) })}\n`,
      );
    }
    if (outcome.kind === 'ok' && (code === EXIT_CODES.ok || followed !== undefined)) {
      if (!options.json) io.stdout.write(renderOutcomeText(outcome, { color: io.color.stdout }));
      if (!options.json && followed !== undefined) {
        (succeeded ? io.stdout : io.stderr).write(`Followed to the end: ${followUpLine(followed)}\n`);
      }
    } else if (code === EXIT_CODES.ok) {
      if (!options.json) io.stdout.write(renderOutcomeText(outcome, { color: io.color.stdout }));
    } else {
      io.stderr.write(renderOutcomeText(outcome, { color: io.color.stderr }));
      // Without --log the cause would be lost: the user here is the operator, so say it.
      if (outcome.kind === 'internal_error' && !options.log) {
        io.stderr.write(`${printable(describeError(outcome.error))}\n`);
      }
    }
    return code;
  } finally {
    await close();
    await local.close();
  }
}

/**
 * `--pd URL` is one cluster named as PD_ENDPOINTS' is; without it, the same CLUSTERS_FILE or
 * PD_ENDPOINTS the bot reads, so `--cluster` picks any configured cluster. --timeout-ms is the
 * timeout of every cluster whose file entry sets none.
 */
function execClusters(
  options: ExecOptions,
  io: ExecIo,
):
  | {
      readonly ok: true;
      readonly clusters: readonly TikvClusterOptions[];
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly string[] } {
  if (options.pd !== undefined) {
    return {
      ok: true,
      warnings: [],
      clusters: [
        {
          name: EXEC_CLUSTER,
          production: false,
          endpoints: options.pd.split(',').map((e) => e.trim()),
          connectTimeoutMs: options.timeoutMs,
          responseTimeoutMs: options.timeoutMs,
        },
      ],
    };
  }
  // Empty variables count as unset, as for the bot.
  const env = Object.fromEntries(
    Object.entries(io.env ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
    ),
  );
  const source = readClusterSource({
    env,
    defaultTimeouts: { connectTimeoutMs: options.timeoutMs, responseTimeoutMs: options.timeoutMs },
    readFile: io.readFile ?? readFileSync,
    now: io.clock.now(),
  });
  if (!source.ok) {
    return { ok: false, problems: [...source.problems, 'or pass --pd <url> for one cluster'] };
  }
  return { ok: true, clusters: source.clusters.map(tikvClusterOptions), warnings: source.warnings };
}

interface FollowToEndIo {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly transports: ReadonlyMap<string, PdTransport>;
  /** Progress lines (stderr): what the terminal shows while it waits. */
  readonly progress: (line: string) => void;
  readonly timers?: FollowUpTimers;
}

/**
 * `exec --wait`: follows an accepted write the way the bot does (same declaration, same polling,
 * same verify read), printing each change, and resolves with the end; undefined when the action
 * declares nothing to follow.
 */
async function followToEnd(
  outcome: Extract<Outcome, { kind: 'ok' }>,
  io: FollowToEndIo,
): Promise<FollowUp | undefined> {
  const { request } = outcome;
  const service = new FollowUpService({
    store: new InMemoryFollowUpStore({ clock: io.clock }),
    clock: io.clock,
    timers: io.timers ?? realTimers,
    read: pdFollowUpReader(io.transports),
    notifier: {
      notify: async (followUp, event) => {
        if (event === 'progress') io.progress(`  … ${followUpLine(followUp)}`);
        return undefined;
      },
    },
    logger: io.logger,
    actions: () => TIKV_ACTIONS,
    settings: DEFAULT_FOLLOW_UP_SETTINGS,
    owner: 'exec',
  });
  const started = await service.start({
    action: request.action,
    params: request.params,
    cluster: request.cluster,
    requesterId: request.actor.id,
    correlationId: request.correlationId,
  });
  if (started === undefined) return undefined;
  io.progress(`Following it to the end (at most until ${started.deadline.toISOString()})…`);
  return service.whenEnded(started.id);
}

/** The follow-up as `exec --wait --json` reports it. */
function followUpJson(followUp: FollowUp) {
  return {
    kind: followUp.kind,
    subjectId: followUp.subjectId,
    state: followUp.state,
    status: followUp.status ?? null,
    detail: followUp.detail ?? null,
    startedAt: followUp.startedAt.toISOString(),
    finishedAt: followUp.finishedAt?.toISOString() ?? null,
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
