import type { Logger } from 'pino';
import type { ActionDefinition } from '../actions/action-definition.js';
import type { AuditTrail } from '../engine/audit-trail.js';
import type { Clock } from '../engine/engine-clock.js';
import type { ExecutionRequest, Outcome, Target } from '../engine/outcome.js';
import type { GroupsOf } from '../policy/look-up-groups.js';
import type { Policy } from '../policy/policy.js';
import type { ApprovalStore } from './approval-store.js';

/**
 * What the approval service needs from the rest of the bot. The engine hands these over when it
 * builds the service, so the service knows nothing of the engine (and the engine owns no approval
 * code): the one way back is `run`, the engine's own PD call.
 */
export interface ApprovalServicePorts {
  readonly store: ApprovalStore;
  readonly audit: AuditTrail;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The policy in force now: a click is judged against it, not against the one at request time. */
  readonly policy: () => Policy;
  /** The user's groups among `candidates`; throws when they cannot be looked up (never "no groups"). */
  readonly groupsOf: GroupsOf;
  /** The actions this bot defines now. */
  readonly actions: () => readonly ActionDefinition[];
  /** The configured clusters' names, in order. */
  readonly clusterNames: () => readonly string[];
  /** Where a request for this cluster goes; undefined for a cluster no longer configured. */
  readonly targetOf: (cluster: string) => Target | undefined;
  /** Runs an allowed request against PD and records the result (Engine#run). */
  readonly run: (request: ExecutionRequest, target: Target) => Promise<Outcome>;
}
