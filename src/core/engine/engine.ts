import type { Logger } from 'pino';
import type { ActionDefinition } from '../actions/action-definition.js';
import { ApprovalService } from '../approvals/approval-service.js';
import { unknownClusterIssue } from '../commands/cluster-issue.js';
import { type ClusterResolution, resolveCluster } from '../commands/resolve-cluster.js';
import { type Metrics, NO_METRICS } from '../metrics/metrics.js';
import { evaluatePolicy, groupsReferenced, type PolicyDecision } from '../policy/evaluate-policy.js';
import { lookUpGroups } from '../policy/look-up-groups.js';
import type { Policy } from '../policy/policy.js';
import { wordDenial } from '../policy/word-denial.js';
import { AuditTrail } from './audit-trail.js';
import type { Clock } from './engine-clock.js';
import type { ClusterDescriptor, EngineCluster } from './engine-cluster.js';
import type { ExecutionRequest, Outcome, Target } from './outcome.js';
import { runAction } from './run-action.js';
import type { Safety } from './safety.js';

export { type Clock, systemClock } from './engine-clock.js';

export interface EngineDeps {
  /** Every cluster the bot acts on, in the configured order; never empty. */
  readonly clusters: readonly EngineCluster[];
  readonly logger: Logger;
  readonly clock: Clock;
  readonly safety: Safety;
  /** Commands by outcome and approvals by state are counted here (default: nowhere). */
  readonly metrics?: Metrics;
}

/**
 * Carries out a validated request: policy first, then approval or PD, with an audit record of each
 * decision written before the outcome is returned (so before any reply is posted). Reports one
 * neutral Outcome and never throws.
 */
export class Engine {
  readonly audit: AuditTrail;
  /** Requests waiting for a second person: the clicks, expiry and message references of front ends. */
  readonly approvals: ApprovalService;
  // Private: front ends get what they need through the accessors below, not the whole wiring.
  readonly #deps: EngineDeps;

  constructor(deps: EngineDeps) {
    if (deps.clusters.length === 0) throw new Error('the engine needs at least one cluster');
    this.#deps = deps;
    this.audit = new AuditTrail(deps.safety.audit, deps.clock, deps.metrics ?? NO_METRICS);
    this.approvals = new ApprovalService({
      store: deps.safety.approvals,
      audit: this.audit,
      clock: deps.clock,
      logger: deps.logger,
      policy: () => deps.safety.policy(),
      groupsOf: (userId, candidates) => deps.safety.groupsOf(userId, candidates),
      actions: () => this.actions,
      clusterNames: () => deps.clusters.map((c) => c.name),
      targetOf: (cluster) => this.targetOf(cluster),
      run: (request, target) => this.run(request, target),
    });
  }

  get clock(): Clock {
    return this.#deps.clock;
  }

  /** The policy in force now (a reload takes effect on the next call). */
  policy(): Policy {
    return this.#deps.safety.policy();
  }

  /** The user's groups among `candidates`; throws when they cannot be looked up (never "no groups"). */
  groupsOf(userId: string, candidates: readonly string[]): Promise<string[]> {
    return this.#deps.safety.groupsOf(userId, candidates);
  }

  /** The clusters, for help, forms and start-up lines (no transports: front ends never call PD). */
  get clusters(): readonly ClusterDescriptor[] {
    return this.#deps.clusters.map(({ subject: _subject, ...descriptor }) => descriptor);
  }

  /** The cluster asked for (`--cluster`, a form's choice), else the channel's default, else the only one. */
  resolveCluster(
    channelId: string | undefined,
    requested: string | undefined,
  ): ClusterResolution<ClusterDescriptor> {
    return resolveCluster({
      clusters: this.clusters,
      ...(channelId !== undefined && { channelId }),
      ...(requested !== undefined && { requested }),
    });
  }

  /** Where a request for this cluster goes, before PD answers; undefined for an unknown name. */
  targetOf(clusterName: string): Target | undefined {
    const cluster = this.#cluster(clusterName);
    if (cluster === undefined) return undefined;
    return {
      cluster: cluster.name,
      production: cluster.production,
      endpoint: cluster.subject.transport.endpoint,
      simulated: cluster.simulated,
    };
  }

  /** The actions every cluster offers (one subject kind: TiKV). */
  get actions(): readonly ActionDefinition[] {
    return (this.#deps.clusters[0] as EngineCluster).subject.getActionDefinitions();
  }

  #cluster(name: string): EngineCluster | undefined {
    return this.#deps.clusters.find((c) => c.name === name);
  }

  /** The policy's answer for this user here; a failed group lookup is a denial, never "no groups". */
  async authorize(
    userId: string,
    channelId: string | undefined,
    request: Pick<ExecutionRequest, 'action' | 'params' | 'cluster'>,
  ): Promise<PolicyDecision> {
    const policy = this.#deps.safety.policy();
    const lookup = await lookUpGroups(
      this.#deps.safety.groupsOf,
      [userId],
      groupsReferenced(policy),
      userId,
      request.action.name,
    );
    if (!lookup.ok) {
      this.#deps.logger.warn({ err: lookup.error, user: userId }, 'user group lookup failed');
      return { allowed: false, denial: lookup.denial, remedy: lookup.remedy };
    }
    const groupIds = lookup.groupIds[0] ?? [];
    return evaluatePolicy(policy, {
      userId,
      groupIds,
      ...(channelId !== undefined && { channelId }),
      cluster: request.cluster,
      action: request.action,
      params: request.params,
    });
  }

  async execute(request: ExecutionRequest): Promise<Outcome> {
    const outcome = await this.#execute(request);
    // Counted after the fact from the outcome, so every path out of #execute is counted exactly once.
    (this.#deps.metrics ?? NO_METRICS).commandFinished({
      action: request.action.name,
      cluster: request.cluster,
      outcome: outcome.kind,
    });
    return outcome;
  }

  async #execute(request: ExecutionRequest): Promise<Outcome> {
    const target = this.targetOf(request.cluster);
    const log = this.#deps.logger.child({
      correlationId: request.correlationId,
      user: request.actor.id,
      action: request.action.name,
      cluster: request.cluster,
    });
    if (target === undefined) {
      // Front ends resolve the cluster first; a request that still names none is refused unsent.
      const known = this.#deps.clusters.map((c) => c.name);
      log.info({ decision: 'invalid_input', known }, 'unknown cluster, nothing sent to PD');
      return {
        kind: 'invalid_input',
        text: request.cluster,
        issues: [unknownClusterIssue(request.cluster, known)],
        action: request.action,
      };
    }
    try {
      const decision = await this.authorize(request.actor.id, request.channelId, request);
      if (!decision.allowed) {
        // The audit record and the log keep plain words; each front end words the facts its own way.
        const reason = wordDenial(decision.denial);
        await this.audit.record('denied', request, target, { reason });
        log.info(
          { decision: 'denied', denialCode: decision.denial.code, reason, channel: request.channelId },
          'denied by policy, nothing sent to PD',
        );
        return {
          kind: 'denied',
          request,
          target,
          reason,
          denial: decision.denial,
          remedy: decision.remedy,
        };
      }
      // Nothing reaches PD unless its request is on record first.
      await this.audit.record('requested', request, target, {
        ...(decision.rule !== undefined && { rule: decision.rule }),
      });
      if (decision.needsApproval && !request.dryRun)
        return await this.approvals.request(request, target, decision.approvalReason);
      return await this.run(request, target);
    } catch (error) {
      log.error({ decision: 'internal_error', err: error }, 'request failed inside the bot');
      return { kind: 'internal_error', request, correlationId: request.correlationId, error };
    }
  }

  /** Runs an allowed request against PD and records the result; used directly after an approval. */
  async run(request: ExecutionRequest, given?: Target): Promise<Outcome> {
    const cluster = this.#cluster(request.cluster);
    const target = given ?? this.targetOf(request.cluster);
    if (cluster === undefined || target === undefined) {
      return {
        kind: 'internal_error',
        request,
        correlationId: request.correlationId,
        error: new Error(`no cluster named "${request.cluster}"`),
      };
    }
    const outcome = await runAction({ ...this.#deps, subject: cluster.subject }, request, target);
    if (outcome.kind === 'internal_error') {
      const reason = `internal error: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`;
      await this.audit
        .record('failed', request, target, { reason })
        .catch((error) =>
          this.#deps.logger.error(
            { correlationId: request.correlationId, err: error },
            'failure could not be recorded',
          ),
        );
      return outcome;
    }
    if (outcome.kind !== 'ok' && outcome.kind !== 'pd_error') return outcome;
    const pd = outcome.kind === 'ok' ? outcome.response : outcome.error;
    try {
      await this.audit.record(outcome.kind === 'ok' ? 'executed' : 'failed', request, outcome.target, {
        pd,
        ...(request.approvedBy !== undefined && { by: request.approvedBy }),
        ...(outcome.kind === 'pd_error' && { reason: outcome.error.message }),
      });
      return outcome;
    } catch (error) {
      // PD has acted; the channel must hear both what PD said and that the record is missing.
      this.#deps.logger.error(
        { correlationId: request.correlationId, err: error },
        'audit record of a PD call could not be written',
      );
      return { ...outcome, auditError: error instanceof Error ? error.message : String(error) };
    }
  }
}
