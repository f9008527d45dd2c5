import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { type ActionDefinition, type ActionParams, commandName } from '../core/actions/action-definition.js';
import type { ActionRegistry } from '../core/actions/action-registry.js';
import { type CommandContext, CommandFlow, type CommandStep } from '../core/commands/command-flow.js';
import { describeRequest } from '../core/commands/describe-request.js';
import { parameterType } from '../core/commands/parameter-type.js';
import { validateParams } from '../core/commands/validate-params.js';
import type { Engine } from '../core/engine/engine.js';
import { clusterText } from './cluster-text.js';
import type { ConsoleFollowUps } from './console-follow-ups.js';
import { createLineReader, type LineReader } from './line-reader.js';
import { renderHelpText } from './render-help-text.js';
import { renderInvalidInputText, renderOutcomeText } from './render-outcome-text.js';
import { renderPermissionsText } from './render-permissions-text.js';
import { stripSlashCommand } from './strip-slash-command.js';
import { createTextStyle, printable, type TextStyle } from './text-style.js';

export interface ConsoleSessionDeps {
  readonly registry: ActionRegistry;
  readonly engine: Engine;
  /** Which policy is in force, for `whoami`. */
  readonly policyDescription?: string;
  readonly logger: Logger;
  readonly input: Readable;
  readonly output: Writable;
  /** The local user name: the actor of every command, as the Slack user is in a channel. */
  readonly user: string;
  readonly newCorrelationId: () => string;
  readonly color?: boolean;
  /** Line editing and history; defaults to whether both streams are terminals. */
  readonly terminal?: boolean;
  /** Follows accepted writes to their end in the background, printing above the prompt (the demo). */
  readonly followUps?: ConsoleFollowUps;
}

export const PROMPT = 'tikv> ';
export const CANCELLED = 'cancelled, nothing sent to PD';

const EXIT_WORDS = new Set(['exit', 'quit']);

type Collected =
  | { readonly kind: 'ready'; readonly params: ActionParams }
  | { readonly kind: 'cancelled'; readonly inputEnded: boolean };

/**
 * A local REPL that accepts what Slack accepts (`transfer-leader 42 4`, `/tikv help`) and does what
 * the Slack front end does: help, precise complaints, questions for missing arguments (the modal's
 * job), and PD's full answer. Resolves when the user types exit/quit or input ends.
 */
export async function runConsoleSession(deps: ConsoleSessionDeps): Promise<void> {
  const terminal = deps.terminal ?? (isTty(deps.input) && isTty(deps.output));
  // Typing is echoed by readline in terminal mode, or by the tty driver when only stdout is piped.
  const echo = !terminal && !isTty(deps.input);
  const reader = createLineReader(deps.input, deps.output, { terminal, echo });
  const s = createTextStyle(deps.color ?? false);
  const flow = new CommandFlow(deps);
  try {
    for (;;) {
      const line = await reader.read(PROMPT);
      if (line === undefined) return;
      if (line.trim() === '') continue;
      // A bare `/tikv` leaves '', which interpretCommand answers with help, as in Slack.
      const text = stripSlashCommand(line);
      if (EXIT_WORDS.has(text.toLowerCase())) return;
      const correlationId = deps.newCorrelationId();
      try {
        const carryOn = await handleCommand(deps, flow, reader, s, text, correlationId);
        if (!carryOn) return;
      } catch (error) {
        // Engine.execute never throws; this guards the session itself, so one bad command ends nothing.
        deps.logger.error(
          { correlationId, user: deps.user, source: 'console', err: error, decision: 'internal_error' },
          'the console command failed inside the bot',
        );
        deps.output.write(
          renderOutcomeText({ kind: 'internal_error', correlationId, error }, { color: s.color }),
        );
      }
    }
  } finally {
    // Said while the output is still the session's: what was being followed, and how to check it.
    await deps.followUps?.stop();
    reader.close();
  }
}

/** Returns false when input ended while the command was asking for arguments. */
async function handleCommand(
  deps: ConsoleSessionDeps,
  flow: CommandFlow,
  reader: LineReader,
  s: TextStyle,
  text: string,
  correlationId: string,
): Promise<boolean> {
  // No channel here: the cluster named, else the only one.
  const ctx = flow.begin({ actor: { id: deps.user, source: 'console' }, correlationId });
  const step = flow.interpret(ctx, text);
  switch (step.kind) {
    case 'help':
      deps.output.write(
        `${renderHelpText(deps.registry, step.target ?? deps.engine.clusters, step.action, { color: s.color })}`,
      );
      return true;
    case 'permissions':
      deps.output.write(
        renderPermissionsText(
          deps.engine,
          deps.user,
          deps.policyDescription ?? 'the policy in force',
          step.action,
          step.target,
        ),
      );
      return true;
    case 'invalid_input':
      deps.output.write(renderInvalidInputText(step.outcome, { color: s.color }));
      return true;
    case 'incomplete': {
      // A terminal has no cluster picker: with no cluster chosen the command is refused.
      if (step.target === undefined) {
        const refused = flow.refuseIncomplete(ctx, step, []);
        deps.output.write(renderInvalidInputText(refused.outcome, { color: s.color }));
        return true;
      }
      ctx.log.info(
        { decision: 'prompted', action: step.action.name, missing: step.missing },
        'asked for missing arguments',
      );
      const collected = await askForMissing(deps.output, reader, s, step);
      if (collected.kind === 'cancelled') {
        ctx.log.info({ decision: 'cancelled', action: step.action.name }, CANCELLED);
        deps.output.write(`${s.yellow(CANCELLED)}\n`);
        return !collected.inputEnded;
      }
      const ready = flow.ready(ctx, step.action, collected.params, step.flags.dryRun, step.target);
      await execute(deps, flow, ctx, s, ready, reader);
      return true;
    }
    case 'ready':
      await execute(deps, flow, ctx, s, step, reader);
      return true;
  }
}

/**
 * The modal's job on a terminal: ask for each missing argument by its label and description, check
 * each answer on its own, and ask again until it is right. An empty answer or Ctrl-D gives up.
 */
async function askForMissing(
  output: Writable,
  reader: LineReader,
  s: TextStyle,
  interpretation: Extract<CommandStep, { kind: 'incomplete' }>,
): Promise<Collected> {
  const { action, missing } = interpretation;
  const raw: Record<string, string> = { ...interpretation.provided };
  output.write(
    s.dim(`${commandName(action)} needs ${missing.join(', ')}; an empty answer or Ctrl-D cancels.\n`),
  );
  for (const name of missing) {
    const spec = action.parameters[name];
    const hint = spec ? ` ${s.dim(`(${parameterType(spec).hint(spec)})`)}` : '';
    output.write(`  ${s.bold(spec?.label ?? name)}: ${spec?.description ?? ''}${hint}\n`);
    for (;;) {
      const answer = await reader.read(`  ${name}> `);
      // Ctrl-D cancels this command only; at the end of piped input the session ends too.
      if (answer === undefined) return { kind: 'cancelled', inputEnded: reader.ended };
      const value = answer.trim();
      if (value === '') return { kind: 'cancelled', inputEnded: false };
      const problems = fieldProblems(action, { ...raw, [name]: value }, name);
      if (problems.length === 0) {
        raw[name] = value;
        break;
      }
      output.write(`${s.yellow(`  ${printable(problems.join('; '))}; try again`)}\n`);
    }
  }
  const result = validateParams(action, raw);
  // Each field passed on its own; should a rule ever span fields, say so rather than send anything.
  if (!result.ok) {
    output.write(
      renderInvalidInputText(
        { kind: 'invalid_input', text: interpretation.text, issues: result.issues, action },
        { color: s.color },
      ),
    );
    return { kind: 'cancelled', inputEnded: false };
  }
  return { kind: 'ready', params: result.params };
}

function fieldProblems(action: ActionDefinition, raw: Record<string, string>, field: string): string[] {
  const result = validateParams(action, raw);
  return result.ok
    ? []
    : result.issues.filter((issue) => issue.field === field).map((issue) => issue.message);
}

async function execute(
  deps: ConsoleSessionDeps,
  flow: CommandFlow,
  ctx: CommandContext,
  s: TextStyle,
  { request, target }: Extract<CommandStep, { kind: 'ready' }>,
  reader: LineReader,
): Promise<void> {
  const what = describeRequest(request.action, request.params);
  const dryRun = request.dryRun === true;
  deps.output.write(
    s.dim(
      `${dryRun ? 'Previewing' : 'Sending'} ${what} ${dryRun ? 'for' : 'to'} ${clusterText(target)}, PD ${target.endpoint}…\n`,
    ),
  );
  const outcome = await flow.execute(ctx, request);
  deps.output.write(renderOutcomeText(outcome, { color: s.color }));
  // PD's 200 means the operator was created, not that it is done: follow it, the prompt stays free.
  if (outcome.kind === 'ok') await deps.followUps?.follow(outcome, (line) => reader.interject(s.dim(line)));
}

function isTty(stream: Readable | Writable): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}
