import { commandName, type ParamValue } from '../core/actions/action-definition.js';
import type { InputIssue } from '../core/commands/input-issue.js';
import type { Outcome, OutcomeKind } from '../core/engine/outcome.js';
import type { PdRequest } from '../core/pd/pd-request.js';
import type { Denial } from '../core/policy/denial.js';
import { wordDenial, wordRemedy } from '../core/policy/word-denial.js';
import { CONSOLE_DENIAL_WORDS } from './console-denial-words.js';

/** `tikv-chatops exec` exit codes; scripts branch on these, so they never change meaning. */
export const EXIT_CODES = {
  ok: 0,
  /** PD said no, or did not answer. */
  failed: 1,
  /** Invalid input or a usage mistake: nothing was sent to PD. */
  usage: 2,
  internal: 3,
} as const;

export function exitCodeFor(kind: OutcomeKind): number {
  switch (kind) {
    case 'ok':
    case 'preview':
      return EXIT_CODES.ok;
    case 'invalid_input':
      return EXIT_CODES.usage;
    case 'internal_error':
      return EXIT_CODES.internal;
    // Not carried out for a reason outside the input; scripts treat it like PD refusing.
    case 'pd_error':
    case 'denied':
    case 'needs_approval':
      return EXIT_CODES.failed;
  }
}

/** What `exec --json` prints: one object, the same keys for every outcome, null where not known. */
export interface ExecResult {
  readonly ok: boolean;
  readonly kind: OutcomeKind;
  /** As typed, e.g. `transfer-leader`. */
  readonly action: string | null;
  readonly params: Readonly<Record<string, ParamValue>> | null;
  readonly dryRun: boolean;
  /** The cluster the request was for; null when none was chosen (invalid input). */
  readonly cluster: { readonly name: string; readonly production: boolean } | null;
  readonly pd: {
    readonly endpoint: string;
    readonly simulated: boolean;
    readonly method: string;
    readonly path: string;
    readonly body: Readonly<Record<string, unknown>> | null;
    /** null when PD did not answer or nothing was sent. */
    readonly status: number | null;
    readonly rawBody: string | null;
    /** PD's body decoded for reading (quotes and newline removed). */
    readonly message: string | null;
  } | null;
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly issues?: readonly InputIssue[];
    /** For a denial: the policy's facts (stable `code`, user, action, channel…), for scripts. */
    readonly denial?: Denial;
    /** For a denial: what would allow it, in plain words. */
    readonly remedy?: string;
  } | null;
  /**
   * For a dry run, everything the preview found: every write it would send (`pd` shows only the
   * first), the reads it sent to decide, its notes and warnings, and the other writes and when.
   */
  readonly preview: {
    readonly requests: readonly PreviewRequest[];
    readonly reads: readonly { readonly method: string; readonly path: string; readonly answer: string }[];
    readonly notes: readonly string[];
    readonly warnings: readonly string[];
    readonly alternatives: readonly { readonly when: string; readonly request: PreviewRequest }[];
  } | null;
  readonly durationMs: number | null;
  readonly correlationId: string | null;
  readonly requestedBy: string | null;
  readonly startedAt: string | null;
}

interface PreviewRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>> | null;
}

function previewRequest(request: PdRequest): PreviewRequest {
  return { method: request.method, path: request.path, body: request.body ?? null };
}

function pdPart(
  endpoint: string,
  simulated: boolean,
  request: PdRequest,
  answer?: { status: number; rawBody: string; pdMessage: string },
): NonNullable<ExecResult['pd']> {
  return {
    endpoint,
    simulated,
    method: request.method,
    path: request.path,
    body: request.body ?? null,
    status: answer?.status ?? null,
    rawBody: answer?.rawBody ?? null,
    message: answer?.pdMessage ?? null,
  };
}

/** Pure: the machine-readable twin of renderOutcomeText. */
export function toExecResult(outcome: Outcome): ExecResult {
  const result = describeOutcome(outcome);
  // Fixed key order, so the JSON reads the same for every outcome.
  return {
    ok: result.ok,
    kind: result.kind,
    action: result.action,
    params: result.params,
    dryRun: result.dryRun,
    cluster: result.cluster,
    pd: result.pd,
    error: result.error,
    preview: result.preview,
    durationMs: result.durationMs,
    correlationId: result.correlationId,
    requestedBy: result.requestedBy,
    startedAt: result.startedAt,
  };
}

function describeOutcome(outcome: Outcome): ExecResult {
  const request = outcome.kind === 'invalid_input' ? undefined : outcome.request;
  const target = 'target' in outcome ? outcome.target : undefined;
  const base = {
    cluster: target !== undefined ? { name: target.cluster, production: target.production } : null,
    pd: null,
    error: null,
    preview: null,
    durationMs: null,
    startedAt: null,
    kind: outcome.kind,
    action: request ? commandName(request.action) : null,
    params: request ? request.params : null,
    dryRun: request?.dryRun ?? false,
    correlationId: request?.correlationId ?? null,
    requestedBy: request?.actor.id ?? null,
  };
  switch (outcome.kind) {
    case 'ok': {
      const { response, target } = outcome;
      return {
        ...base,
        ok: true,
        pd: pdPart(target.endpoint, target.simulated, response.request, response),
        durationMs: outcome.durationMs,
        startedAt: outcome.startedAt.toISOString(),
      };
    }
    case 'pd_error': {
      const { error, target } = outcome;
      const answer = error.code === 'PD_HTTP_ERROR' ? error : undefined;
      return {
        ...base,
        ok: false,
        pd: pdPart(target.endpoint, target.simulated, error.request, answer),
        error: { code: error.code, message: error.message },
        durationMs: outcome.durationMs,
        startedAt: outcome.startedAt.toISOString(),
      };
    }
    case 'preview': {
      const first = outcome.pdRequests[0];
      return {
        ...base,
        ok: true,
        pd: first ? pdPart(outcome.target.endpoint, outcome.target.simulated, first) : null,
        preview: {
          requests: outcome.pdRequests.map(previewRequest),
          reads: (outcome.reads ?? []).map((read) => ({
            method: read.request.method,
            path: read.request.path,
            answer: read.answer,
          })),
          notes: outcome.notes ?? [],
          warnings: outcome.warnings ?? [],
          alternatives: (outcome.alternatives ?? []).map((alternative) => ({
            when: alternative.when,
            request: previewRequest(alternative.request),
          })),
        },
        startedAt: outcome.startedAt.toISOString(),
      };
    }
    case 'invalid_input': {
      const issues = boundedIssues(outcome.issues);
      const more = outcome.issues.length - issues.length;
      return {
        ...base,
        ok: false,
        action: outcome.action ? commandName(outcome.action) : null,
        error: {
          code: 'INVALID_INPUT',
          message: [
            ...issues.map((issue) => issue.message),
            ...(more > 0 ? [`… and ${more} more`] : []),
          ].join('; '),
          issues,
        },
      };
    }
    case 'denied':
      return {
        ...base,
        ok: false,
        error: {
          code: 'DENIED',
          message: wordDenial(outcome.denial, CONSOLE_DENIAL_WORDS),
          denial: outcome.denial,
          ...(outcome.remedy && { remedy: wordRemedy(outcome.remedy, CONSOLE_DENIAL_WORDS) }),
        },
      };
    case 'needs_approval':
      return {
        ...base,
        ok: false,
        error: { code: 'NEEDS_APPROVAL', message: `waiting for approval ${outcome.approvalId}` },
      };
    case 'internal_error':
      return {
        ...base,
        ok: false,
        correlationId: outcome.correlationId,
        error: {
          code: 'INTERNAL_ERROR',
          message: `internal error inside tikv-chatops (correlation id ${outcome.correlationId})`,
        },
      };
  }
}

/** Issues echo what was typed; a 40,000-character command must still give a small answer. */
const MAX_ISSUES = 10;
const MAX_ISSUE_TEXT = 300;

function boundedIssues(issues: readonly InputIssue[]): InputIssue[] {
  const cut = (text: string) =>
    text.length <= MAX_ISSUE_TEXT ? text : `${text.slice(0, MAX_ISSUE_TEXT - 1)}…`;
  return issues.slice(0, MAX_ISSUES).map((issue) => ({
    ...issue,
    message: cut(issue.message),
    ...(issue.received !== undefined && { received: cut(issue.received) }),
  }));
}
