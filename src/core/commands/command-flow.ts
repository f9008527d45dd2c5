import type { Logger } from 'pino';
import type { ActionDefinition, ActionParams } from '../actions/action-definition.js';
import type { ActionRegistry } from '../actions/action-registry.js';
import type { Engine } from '../engine/engine.js';
import type { Actor, ExecutionRequest, Outcome, Target } from '../engine/outcome.js';
import { clusterResolutionIssue } from './cluster-issue.js';
import type { InputIssue } from './input-issue.js';
import { type CommandFlags, interpretCommand } from './interpret-command.js';
import { validateParams } from './validate-params.js';

export interface CommandFlowDeps {
  readonly engine: Engine;
  readonly registry: ActionRegistry;
  readonly logger: Logger;
  readonly newCorrelationId: () => string;
}

/** Who asked, where, and from which front end: what every command starts with. */
export interface CommandOrigin {
  readonly actor: Actor;
  /** The Slack channel; undefined for the console and `exec`, which have none. */
  readonly channelId?: string;
  /** A front end that minted one already (Slack, before its replay check) passes it on. */
  readonly correlationId?: string;
}

/** One command in flight: the middleware every front end gets from the same place. */
export interface CommandContext {
  readonly actor: Actor;
  readonly channelId?: string;
  readonly correlationId: string;
  /** Carries the correlation id, the actor and the channel on every line. */
  readonly log: Logger;
  /** Monotonic start, for durationMs. */
  readonly startedAt: number;
}

/** A filled-in form (Slack's modal): the action it was opened for and what was typed in it. */
export interface FormSubmission {
  readonly action: ActionDefinition;
  /** Each field as typed, by parameter name. */
  readonly raw: Readonly<Record<string, string>>;
  /** The cluster picked in the form, or the one the form was opened for. */
  readonly cluster?: string;
  readonly dryRun: boolean;
}

/**
 * What the front ends switch on. Each words these for itself; none re-interprets the text or
 * re-resolves the cluster.
 */
export type CommandStep =
  | { readonly kind: 'help'; readonly action?: ActionDefinition; readonly target?: Target }
  | { readonly kind: 'permissions'; readonly action?: ActionDefinition; readonly target?: Target }
  | {
      readonly kind: 'invalid_input';
      readonly outcome: Extract<Outcome, { kind: 'invalid_input' }>;
    }
  | {
      /** Arguments are missing: Slack opens a form, the console prompts, `exec` refuses. */
      readonly kind: 'incomplete';
      readonly text: string;
      readonly action: ActionDefinition;
      readonly provided: Readonly<Record<string, string>>;
      readonly missing: readonly string[];
      readonly flags: CommandFlags;
      /** Undefined when no cluster could be chosen yet (several, no default): a form can ask. */
      readonly target?: Target;
      /** Why no cluster was chosen, for front ends that cannot ask (the console, `exec`). */
      readonly clusterIssue?: InputIssue;
    }
  | { readonly kind: 'ready'; readonly request: ExecutionRequest; readonly target: Target };

/**
 * interpret → resolve the cluster → help, permissions, invalid input, incomplete or a ready
 * request → engine.execute → Outcome, with the correlation id, child logger, timing and one log
 * line per decision here rather than in each front end.
 */
export class CommandFlow {
  readonly #deps: CommandFlowDeps;

  constructor(deps: CommandFlowDeps) {
    this.#deps = deps;
  }

  /** The command middleware: a correlation id, a child logger carrying it, and a start time. */
  begin(origin: CommandOrigin): CommandContext {
    const correlationId = origin.correlationId ?? this.#deps.newCorrelationId();
    const log = this.#deps.logger.child({
      correlationId,
      user: origin.actor.id,
      source: origin.actor.source,
      ...(origin.channelId !== undefined && { channel: origin.channelId }),
    });
    return {
      actor: origin.actor,
      ...(origin.channelId !== undefined && { channelId: origin.channelId }),
      correlationId,
      log,
      startedAt: this.#deps.engine.clock.monotonic(),
    };
  }

  /** Interprets the text and chooses the cluster; logs the decision unless the step is a request. */
  interpret(ctx: CommandContext, rawText: string): CommandStep {
    const { engine, registry } = this.#deps;
    const interpretation = interpretCommand(rawText, registry);
    if (interpretation.kind === 'invalid') {
      return this.#invalid(ctx, { ...interpretation, kind: 'invalid_input' });
    }
    const requested =
      interpretation.kind === 'help'
        ? undefined
        : interpretation.kind === 'permissions'
          ? interpretation.cluster
          : interpretation.flags.cluster;
    // --cluster, else the channel's default, else the only cluster.
    const resolution = engine.resolveCluster(ctx.channelId, requested);
    const target = resolution.ok ? engine.targetOf(resolution.cluster.name) : undefined;
    const scope = target !== undefined ? { target } : {};
    const action =
      'action' in interpretation && interpretation.action ? { action: interpretation.action } : {};
    switch (interpretation.kind) {
      case 'help':
        ctx.log.info({ decision: 'help', durationMs: this.#elapsed(ctx) }, 'help shown');
        return { kind: 'help', ...action, ...scope };
      case 'permissions':
      case 'incomplete':
      case 'ready': {
        if (!resolution.ok && (resolution.code === 'UNKNOWN_CLUSTER' || interpretation.kind === 'ready')) {
          // A name that is not a cluster is refused at once; PD hears nothing.
          const issue = clusterResolutionIssue(resolution);
          return this.#invalid(
            ctx,
            {
              kind: 'invalid_input',
              text: interpretation.kind === 'permissions' ? rawText : interpretation.text,
              issues: [issue],
            },
            resolution.known,
          );
        }
        if (interpretation.kind === 'permissions') {
          ctx.log.info({ decision: 'permissions', durationMs: this.#elapsed(ctx) }, 'permissions shown');
          return { kind: 'permissions', ...action, ...scope };
        }
        if (interpretation.kind === 'incomplete') {
          const { text, provided, missing, flags } = interpretation;
          return {
            kind: 'incomplete',
            text,
            action: interpretation.action,
            provided,
            missing,
            flags,
            ...scope,
            ...(!resolution.ok && { clusterIssue: clusterResolutionIssue(resolution) }),
          };
        }
        // A resolved cluster always has a target; should that ever break, it is an internal error.
        if (target === undefined || !resolution.ok) throw new Error('the chosen cluster has no target');
        return this.ready(
          ctx,
          interpretation.action,
          interpretation.params,
          interpretation.flags.dryRun,
          target,
          resolution.how,
          interpretation.flags.share === true,
        );
      }
    }
  }

  /**
   * A submitted form: its fields checked first (so each error shows next to its field), then the
   * cluster chosen, as for typed text.
   */
  submit(
    ctx: CommandContext,
    form: FormSubmission,
  ): Extract<CommandStep, { kind: 'invalid_input' | 'ready' }> {
    const { action } = form;
    const checked = validateParams(action, form.raw);
    if (!checked.ok) {
      return this.#invalid(ctx, { kind: 'invalid_input', text: '', issues: checked.issues, action });
    }
    const { engine } = this.#deps;
    const resolution = engine.resolveCluster(ctx.channelId, form.cluster);
    const target = resolution.ok ? engine.targetOf(resolution.cluster.name) : undefined;
    if (!resolution.ok || target === undefined) {
      const issues = resolution.ok ? [] : [clusterResolutionIssue(resolution)];
      return this.#invalid(ctx, { kind: 'invalid_input', text: '', issues, action });
    }
    return this.ready(ctx, action, checked.params, form.dryRun, target, resolution.how);
  }

  /** A request whose arguments are all there (typed, prompted or from a form), on a chosen cluster. */
  ready(
    ctx: CommandContext,
    action: ActionDefinition,
    params: ActionParams,
    dryRun: boolean,
    target: Target,
    how?: string,
    share = false,
  ): Extract<CommandStep, { kind: 'ready' }> {
    ctx.log.info(
      { decision: 'cluster_chosen', cluster: target.cluster, ...(how !== undefined && { how }) },
      `cluster ${target.cluster}`,
    );
    return {
      kind: 'ready',
      target,
      request: {
        action,
        params,
        actor: ctx.actor,
        ...(ctx.channelId !== undefined && { channelId: ctx.channelId }),
        cluster: target.cluster,
        correlationId: ctx.correlationId,
        dryRun,
        ...(share && { share: true }),
      },
    };
  }

  /** Refuses an incomplete command for a front end that cannot ask: the cluster first, then what is missing. */
  refuseIncomplete(
    ctx: CommandContext,
    step: Extract<CommandStep, { kind: 'incomplete' }>,
    missingIssues: readonly InputIssue[],
  ): Extract<CommandStep, { kind: 'invalid_input' }> {
    const issues = step.clusterIssue !== undefined ? [step.clusterIssue] : missingIssues;
    return this.#invalid(ctx, {
      kind: 'invalid_input',
      text: step.text,
      issues,
      ...(step.clusterIssue === undefined && { action: step.action }),
    });
  }

  /** Runs a ready request through the engine and logs the outcome with the command's duration. */
  async execute(ctx: CommandContext, request: ExecutionRequest): Promise<Outcome> {
    const outcome = await this.#deps.engine.execute(request);
    this.finished(ctx, outcome.kind);
    return outcome;
  }

  /** The command's last line: how it ended and how long it took from the first byte. */
  finished(ctx: CommandContext, outcome: string): void {
    ctx.log.info({ decision: 'finished', outcome, durationMs: this.#elapsed(ctx) }, `command ${outcome}`);
  }

  #invalid(
    ctx: CommandContext,
    outcome: Extract<Outcome, { kind: 'invalid_input' }>,
    clusters?: readonly string[],
  ): Extract<CommandStep, { kind: 'invalid_input' }> {
    ctx.log.info(
      {
        decision: 'invalid_input',
        text: outcome.text,
        issues: outcome.issues,
        ...(clusters !== undefined && { clusters }),
        durationMs: this.#elapsed(ctx),
      },
      'invalid input, nothing sent to PD',
    );
    return { kind: 'invalid_input', outcome };
  }

  #elapsed(ctx: CommandContext): number {
    return Math.round(this.#deps.engine.clock.monotonic() - ctx.startedAt);
  }
}
