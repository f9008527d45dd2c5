import type { Writable } from 'node:stream';
import { CommandFlow } from '../core/command-flow.js';
import type { Clock } from '../core/engine.js';
import type { Outcome } from '../core/outcome.js';
import { validateParams } from '../core/validate-params.js';
import { createLogger } from '../logging/create-logger.js';
import { buildTikvEngine } from '../subjects/tikv/build-tikv-engine.js';
import { TIKV_ACTIONS } from '../subjects/tikv/tikv-actions.js';
import { EXIT_CODES, exitCodeFor, toExecResult } from './exec-result.js';
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
  readonly pd: string;
  readonly json: boolean;
  readonly timeoutMs: number;
  readonly log: boolean;
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
  let local: LocalSafety;
  try {
    local = await openLocalSafety({
      user: io.user,
      logger,
      clock: io.clock,
      actionNames: TIKV_ACTIONS.map((a) => a.name),
      clusterNames: [EXEC_CLUSTER],
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
  const { registry, engine, close } = buildTikvEngine({
    safety: local.safety,
    // `--pd URL` is one cluster, named as PD_ENDPOINTS' is.
    clusters: [
      {
        name: EXEC_CLUSTER,
        production: false,
        endpoints: options.pd.split(',').map((e) => e.trim()),
        connectTimeoutMs: options.timeoutMs,
        responseTimeoutMs: options.timeoutMs,
      },
    ],
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
    const code = exitCodeFor(outcome.kind);
    if (options.json) io.stdout.write(`${JSON.stringify(toExecResult(outcome))}\n`);
    if (code === EXIT_CODES.ok) {
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

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
