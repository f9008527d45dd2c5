import { commandName } from '../core/actions/action-definition.js';
import { alignTable } from '../core/actions/align-table.js';
import { describeRequest } from '../core/commands/describe-request.js';
import { revealInvisibleCharacters } from '../core/commands/invisible-character.js';
import { usageLine } from '../core/commands/usage-line.js';
import type { ExecutionRequest, Outcome, Target } from '../core/engine/outcome.js';
import { bodyCutNote } from '../core/pd/body-cut-note.js';
import { encodePdBody, type PdRequest } from '../core/pd/pd-request.js';
import { wordDenial, wordRemedy } from '../core/policy/word-denial.js';
import { attemptsText, PRODUCTION_MARKER } from './cluster-text.js';
import { CONSOLE_DENIAL_WORDS } from './console-denial-words.js';
import { createTextStyle, printable, type TextStyle } from './text-style.js';

export interface RenderTextOptions {
  /** ANSI colour; the caller decides (TTY, NO_COLOR), so the renderer stays pure. */
  readonly color?: boolean;
}

export const SIMULATOR_MARKER = '[PD simulator]';

/** Longest PD text put on the headline; the full body always follows verbatim. */
const HEADLINE_LIMIT = 200;

/** How much of a bad command is echoed, how many issues are listed and how long each may be. */
export const ECHO_LIMIT = 200;
export const ISSUE_LIMIT = 5;
const ISSUE_TEXT_LIMIT = 300;

/**
 * The terminal's record of a command, with what the Slack message carries: who ran what, against
 * which PD, PD's status and raw body verbatim, how long it took and the correlation id. Headlines
 * follow pd-ctl (`Success! …`, `Failed! [500] "…"`) so the output reads like the tool people know.
 */
export function renderOutcomeText(outcome: Outcome, options: RenderTextOptions = {}): string {
  const s = createTextStyle(options.color ?? false);
  switch (outcome.kind) {
    case 'ok': {
      const { request, target, response } = outcome;
      // A read-only view shows a table of PD's answer; a write shows PD's raw body, verbatim.
      const table = request.action.present?.(response);
      const message = table
        ? printable(table.summary)
        : headlineText(response.rawBody, response.pdMessage, false);
      return lines(
        s.green(s.bold(message === '' ? 'Success!' : `Success! ${message}`)),
        rows(s, [
          ...requestRows(request, target, s),
          requestedBy(request, outcome.startedAt, outcome.durationMs),
        ]),
        s.dim(`PD answered HTTP ${response.status} to ${response.request.method} ${response.request.path}:`),
        table ? printable(alignTable(table)) : rawBody(response.rawBody),
        ...cutNote(response.status, response.truncatedAtBytes, s),
        ...auditWarning(outcome.auditError, s),
        ...undoHint(request, s),
      );
    }
    case 'pd_error': {
      const { request, target, error } = outcome;
      const tail = requestedBy(request, outcome.startedAt, outcome.durationMs);
      // The action's words for an error it knows; PD's status and body still follow, verbatim.
      const known = request.action.presentError?.(error, request.params);
      const inShort = known !== undefined ? [s.bold(`In short: ${printable(known.summary)}.`)] : [];
      if (error.code === 'PD_HTTP_ERROR') {
        return lines(
          s.red(s.bold(`Failed! [${error.status}] ${headlineText(error.rawBody, error.pdMessage, true)}`)),
          ...inShort,
          rows(s, [...requestRows(request, target, s), tail]),
          s.dim(`PD answered HTTP ${error.status} to ${error.request.method} ${error.request.path}:`),
          rawBody(error.rawBody),
          ...cutNote(error.status, error.truncatedAtBytes, s),
          ...nothingChanged(request, error.request),
          ...auditWarning(outcome.auditError, s),
        );
      }
      return lines(
        s.red(
          s.bold(
            error.nothingSent
              ? `Not run! Nothing was sent to PD (${error.code})`
              : `Failed! No answer from PD (${error.code})`,
          ),
        ),
        rows(s, [...requestRows(request, target, s), tail]),
        printable(error.message),
        ...nothingChanged(request, error.request),
        ...auditWarning(outcome.auditError, s),
      );
    }
    case 'preview': {
      const { request, target } = outcome;
      const show = (r: PdRequest) =>
        `${r.method} ${target.endpoint}${r.path}${r.body ? `\n${encodePdBody(r)}` : ''}`;
      const reads = outcome.reads ?? [];
      return lines(
        s.cyan(
          s.bold(
            `Dry run of ${commandName(request.action)}: ${reads.length > 0 ? 'nothing was changed; the bot only read from PD.' : 'nothing was sent to PD.'}`,
          ),
        ),
        rows(s, [...requestRows(request, target, s), requestedBy(request, outcome.startedAt)]),
        ...(outcome.warnings ?? []).map((w) => s.yellow(`Warning: ${printable(w)}`)),
        ...(outcome.notes ?? []).map((n) => printable(n)),
        ...(outcome.pdRequests.length > 0
          ? [
              s.dim('This is the exact request the bot would send:'),
              printable(outcome.pdRequests.map(show).join('\n\n')),
            ]
          : ['As things stand, the bot would send no request that changes anything.']),
        ...(outcome.alternatives ?? []).flatMap((a) => [
          s.dim(`${printable(capitalize(a.when))}, it would send:`),
          printable(show(a.request)),
        ]),
        ...(reads.length > 0
          ? [
              s.dim(
                `Read from PD for this preview: ${reads.map((r) => `${r.request.method} ${r.request.path} (${printable(r.answer)})`).join(', ')}`,
              ),
            ]
          : []),
      );
    }
    case 'invalid_input':
      return renderInvalidInputText(outcome, options);
    case 'denied': {
      const { request, target } = outcome;
      return lines(
        s.red(
          s.bold(
            `Not run: ${commandName(request.action)} was denied: ${wordDenial(outcome.denial, CONSOLE_DENIAL_WORDS)}`,
          ),
        ),
        ...(outcome.remedy
          ? [`What would allow it: ${wordRemedy(outcome.remedy, CONSOLE_DENIAL_WORDS)}`]
          : []),
        rows(s, [...requestRows(request, target, s), ['Requested by', request.actor.id]]),
      );
    }
    case 'needs_approval': {
      const { request, target } = outcome;
      return lines(
        s.yellow(
          s.bold(
            `${commandName(request.action)} needs approval before it runs: ${printable(outcome.reason)}`,
          ),
        ),
        rows(s, [
          ...requestRows(request, target, s),
          ['Requested by', `${request.actor.id} · correlation id ${request.correlationId}`],
          ['Approval id', outcome.approvalId],
          ['Approvers', approverList(outcome.approvers)],
          ['Expires', utc(outcome.expiresAt)],
        ]),
      );
    }
    case 'internal_error':
      return lines(
        s.red(
          s.bold(
            `Something went wrong inside tikv-chatops (correlation id ${outcome.correlationId}); the details are in the log.`,
          ),
        ),
        'Nothing more is known about whether PD was called; check PD before retrying.',
      );
  }
}

/** Bad input: which field, what was received, and how to write it. Nothing reached PD. */
export function renderInvalidInputText(
  outcome: Extract<Outcome, { kind: 'invalid_input' }>,
  options: RenderTextOptions = {},
): string {
  const s = createTextStyle(options.color ?? false);
  const shown = outcome.issues.slice(0, ISSUE_LIMIT);
  const issues = shown.map((issue) => {
    const field =
      issue.field !== undefined && !issue.message.startsWith(issue.field) ? `${issue.field}: ` : '';
    const received =
      issue.received !== undefined && !issue.message.includes(issue.received)
        ? ` (got "${cut(issue.received, ISSUE_TEXT_LIMIT)}")`
        : '';
    return `  - ${printable(cut(`${field}${issue.message}${received}`, ISSUE_TEXT_LIMIT))}`;
  });
  const more = outcome.issues.length - shown.length;
  const usage = outcome.action
    ? `Usage: ${usageLine(outcome.action, '')}`
    : 'Type help for the list of actions.';
  return lines(
    s.yellow(s.bold('Nothing was sent to PD.')),
    ...issues,
    ...(more > 0 ? [`  … and ${more} more`] : []),
    ...(outcome.text === '' ? [] : [`You typed: ${printable(echo(outcome.text))}`]),
    usage,
  );
}

/** The start of what was typed, with a marker saying how much more there was. */
function echo(raw: string): string {
  const typed = revealInvisibleCharacters(raw);
  return typed.length <= ECHO_LIMIT
    ? typed
    : `${typed.slice(0, ECHO_LIMIT)}… (${typed.length - ECHO_LIMIT} more characters not shown)`;
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function cutNote(status: number, truncatedAtBytes: number | undefined, s: TextStyle): string[] {
  const note = bodyCutNote(status, truncatedAtBytes);
  return note === undefined ? [] : [s.yellow(s.bold(`${note}.`))];
}

type Row = readonly [label: string, value: string];

function requestRows(request: ExecutionRequest, target: Target, s: TextStyle): Row[] {
  const params = Object.entries(request.action.parameters)
    .filter(([name]) => request.params[name] !== undefined)
    // Typed values reach the terminal too; keep them from writing escape sequences.
    .map(
      ([name, spec]): Row => [
        spec.label ?? name,
        printable(cut(String(request.params[name]), ISSUE_TEXT_LIMIT)),
      ],
    );
  const pd = target.simulated ? `${target.endpoint} ${s.yellow(s.bold(SIMULATOR_MARKER))}` : target.endpoint;
  return [
    ['Request', printable(cut(describeRequest(request.action, request.params), ECHO_LIMIT * 2))],
    ...params,
    [
      'Cluster',
      target.production
        ? `${printable(target.cluster)} ${s.red(s.bold(PRODUCTION_MARKER))}`
        : printable(target.cluster),
    ],
    ['PD', pd],
    ...(attemptsText(target) !== undefined ? [['PD tried', attemptsText(target) as string] as const] : []),
    ['Risk', request.action.riskLevel],
    ...(request.approvedBy !== undefined
      ? [['Approved by', `${request.approvedBy} (approval ${request.approvalId ?? '?'})`] as const]
      : []),
  ];
}

/** Slack's Cancel/Undrain button, for the terminal: the command that backs this write out. */
function undoHint(request: ExecutionRequest, s: TextStyle): string[] {
  if (!request.action.mutating) return [];
  const undo = request.action.undo?.(request.params);
  if (undo === undefined) return [];
  const args = Object.entries(undo.params).map(([name, value]) => `${name}=${value}`);
  const command = [commandName({ name: undo.action }), ...args].join(' ');
  return [s.dim(`To undo (${printable(undo.label)}): ${printable(command)}`)];
}

function approverList(approvers: {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}): string {
  const all = [...approvers.users, ...approvers.groups.map((group) => `group ${group}`)];
  return all.length > 0 ? all.join(', ') : '(none)';
}

/** PD acted, but there is no audit record of it: as loud as a failure, since someone must follow up. */
function auditWarning(auditError: string | undefined, s: TextStyle): string[] {
  return auditError === undefined
    ? []
    : [s.red(s.bold(`Warning: the audit record of this could not be written: ${printable(auditError)}`))];
}

function requestedBy(request: ExecutionRequest, at: Date, durationMs?: number): Row {
  const parts = [
    request.actor.id,
    utc(at),
    ...(durationMs !== undefined ? [`${durationMs} ms`] : []),
    `correlation id ${request.correlationId}`,
  ];
  return ['Requested by', parts.join(' · ')];
}

function rows(s: TextStyle, entries: readonly Row[]): string {
  const width = Math.max(...entries.map(([label]) => label.length));
  return entries.map(([label, value]) => `  ${s.dim(label.padEnd(width))}  ${value}`).join('\n');
}

/** More than a screenful of PD text helps nobody at a terminal; `--json` keeps all that was read. */
export const CONSOLE_BODY_LIMIT = 64 * 1024;

/** PD's body exactly as received (made safe for a terminal), so it can be quoted in an incident. */
function rawBody(raw: string): string {
  if (raw === '') return '(empty body)';
  const body = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
  if (body.length <= CONSOLE_BODY_LIMIT) return printable(body);
  const left = body.length - CONSOLE_BODY_LIMIT;
  return `${printable(body.slice(0, CONSOLE_BODY_LIMIT))}\n… ${left} more characters not shown (exec --json prints all that was read)`;
}

/**
 * pd-ctl prints PD's body as-is after `Failed! [status]` and unquoted after `Success!`; a body too
 * long or multi-line for one line gives way to the decoded message.
 */
function headlineText(raw: string, decoded: string, keepQuotes: boolean): string {
  const trimmed = raw.trim();
  const candidate = keepQuotes && !trimmed.includes('\n') ? trimmed : (decoded.split('\n')[0]?.trim() ?? '');
  const text = candidate.length > HEADLINE_LIMIT ? `${candidate.slice(0, HEADLINE_LIMIT)}…` : candidate;
  return printable(text);
}

function utc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function lines(...parts: string[]): string {
  return `${parts.join('\n')}\n`;
}

/** A failed read comes before any write: the action stopped there. */
function nothingChanged(request: ExecutionRequest, failed: PdRequest): string[] {
  // Only a write's stop at a read is news; a read-only action never changes anything.
  return failed.method === 'GET' && request.action.mutating
    ? ['Nothing was changed: the bot stopped at this read, before any write.']
    : [];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
