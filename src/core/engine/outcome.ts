import type { ActionDefinition, ActionParams } from '../actions/action-definition.js';
import type { Preview } from '../actions/preview.js';
import type { InputIssue } from '../commands/input-issue.js';
import type { PdAttempt, PdError } from '../pd/pd-errors.js';
import type { PdResponse } from '../pd/pd-port.js';
import type { PdRequest } from '../pd/pd-request.js';
import type { Denial, Remedy } from '../policy/denial.js';

/** Who asked, from where. IDs only: display names are a renderer's business. */
export interface Actor {
  /** Slack user ID (U…) or a local console user name. */
  readonly id: string;
  readonly source: 'slack' | 'console' | 'exec';
}

export interface ExecutionRequest {
  readonly action: ActionDefinition;
  readonly params: ActionParams;
  readonly actor: Actor;
  readonly channelId?: string;
  /** The cluster's name (ClusterDescriptor.name): the engine sends to that cluster's PD only. */
  readonly cluster: string;
  readonly correlationId: string;
  readonly dryRun?: boolean;
  /** `--share` or the Share in channel button: a read-only view posted for the whole channel. */
  readonly share?: boolean;
  /**
   * Set when the request came from an undo button (Cancel, Undrain) under the result of another
   * request: that request's correlation id.
   */
  readonly undoOf?: string;
  /** Set when the request ran after a second person approved it. */
  readonly approvalId?: string;
  readonly approvedBy?: string;
}

/** Where the action was aimed: shown in every message so nobody mistakes one cluster for another. */
export interface Target {
  /** The cluster's name, as configured. */
  readonly cluster: string;
  /** Marked visibly in every message (`:rotating_light: production`, `[production]`). */
  readonly production: boolean;
  /**
   * The PD that answered, once PD was called; before that (denials, approvals) the cluster's
   * endpoints joined with commas, as pd-ctl's `-u` takes them.
   */
  readonly endpoint: string;
  /** True when PD is the bundled simulator; every message then says so. */
  readonly simulated: boolean;
  /**
   * Every endpoint tried, when the answer did not come from the first one tried alone (failover):
   * messages then say which endpoints were tried and how each went.
   */
  readonly attempts?: readonly PdAttempt[];
}

/** The one neutral result of handling a command. Renderers turn it into Block Kit or terminal text. */
export type Outcome =
  | {
      readonly kind: 'ok';
      readonly request: ExecutionRequest;
      readonly target: Target;
      readonly response: PdResponse;
      readonly startedAt: Date;
      readonly durationMs: number;
      /** Set when PD acted but the audit record of it could not be written. */
      readonly auditError?: string;
    }
  | {
      readonly kind: 'preview';
      readonly request: ExecutionRequest;
      readonly target: Target;
      /** The writes the action would send as things stand; none was sent. */
      readonly pdRequests: readonly PdRequest[];
      readonly startedAt: Date;
      /** Reads sent to PD for real to decide, what the action noticed, and what else it could send. */
      readonly reads?: Preview['reads'];
      readonly notes?: Preview['notes'];
      readonly warnings?: Preview['warnings'];
      readonly alternatives?: Preview['alternatives'];
    }
  | {
      readonly kind: 'invalid_input';
      readonly text: string;
      readonly issues: readonly InputIssue[];
      readonly action?: ActionDefinition;
    }
  | {
      readonly kind: 'denied';
      readonly request: ExecutionRequest;
      readonly target: Target;
      /** Why, as facts (code, user, action, channel, rules): each front end words it. */
      readonly denial: Denial;
      /** What would allow it, e.g. a policy rule to add. */
      readonly remedy?: Remedy;
      /** The denial in plain words (wordDenial): what the audit record and the log keep. */
      readonly reason: string;
    }
  | {
      readonly kind: 'needs_approval';
      readonly request: ExecutionRequest;
      readonly target: Target;
      readonly approvalId: string;
      readonly expiresAt: Date;
      /** Slack user IDs and user group IDs that may approve. */
      readonly approvers: { readonly users: readonly string[]; readonly groups: readonly string[] };
      readonly reason: string;
    }
  | {
      readonly kind: 'pd_error';
      readonly request: ExecutionRequest;
      readonly target: Target;
      readonly error: PdError;
      readonly startedAt: Date;
      readonly durationMs: number;
      readonly auditError?: string;
    }
  | {
      readonly kind: 'internal_error';
      readonly request?: ExecutionRequest;
      readonly correlationId: string;
      /** For the log only; users see the correlation id. */
      readonly error: unknown;
    };

export type OutcomeKind = Outcome['kind'];
