import type { types } from '@slack/bolt';
import { commandName } from '../core/actions/action-definition.js';
import { alignTable } from '../core/actions/align-table.js';
import { outcomeHeadline } from '../core/commands/describe-request.js';
import { revealInvisibleCharacters } from '../core/commands/invisible-character.js';
import { usageLine } from '../core/commands/usage-line.js';
import type { Outcome, Target } from '../core/engine/outcome.js';
import { bodyCutNote } from '../core/pd/body-cut-note.js';
import { encodePdBody, type PdRequest } from '../core/pd/pd-request.js';
import { wordDenial, wordRemedy } from '../core/policy/word-denial.js';
import { clusterWords } from './cluster-label.js';
import { fitSlackLimits } from './fit-slack-limits.js';
import { context, requestFields, section } from './message-blocks.js';
import { codeBlock, escapeMrkdwn, foreignText, inlineCode, userMention } from './mrkdwn.js';
import { pageButtons } from './page-buttons.js';
import { renderApprovalRequest } from './render-approval-request.js';
import { SLACK_DENIAL_WORDS } from './slack-denial-words.js';
import type { SlackMessage } from './slack-message.js';

type Block = types.KnownBlock;

/** A failed read comes before any write: the action stopped there. */
const NOTHING_CHANGED = 'Nothing was changed: the bot stopped at this read, before any write.';

/** How much of the typed command an invalid-input reply echoes, and how many issues it lists. */
export const ECHO_LIMIT = 200;
export const ISSUE_LIMIT = 5;

/**
 * The channel's record of a command: who ran what, against which PD, and exactly what PD said.
 * Pure: the same outcome always renders the same JSON (kept as golden files).
 */
export function renderOutcomeMessage(outcome: Outcome): SlackMessage {
  const correlationId =
    outcome.kind === 'internal_error'
      ? outcome.correlationId
      : outcome.kind === 'invalid_input'
        ? undefined
        : outcome.request.correlationId;
  return fitSlackLimits(renderUnfitted(outcome), correlationId);
}

function renderUnfitted(outcome: Outcome): SlackMessage {
  switch (outcome.kind) {
    case 'ok': {
      const { request, target, response } = outcome;
      // A read-only view shows a table of PD's answer; a write shows PD's raw body, verbatim.
      const table = request.action.present?.(response, request.params);
      const blocks: Block[] = [
        section(
          `:white_check_mark: *${commandName(request.action)}* — ${table ? 'PD answered' : 'PD accepted it'}`,
        ),
        requestFields(request, target),
        section(
          table
            ? `PD answered *HTTP ${response.status}*: ${escapeMrkdwn(table.summary)}\n${codeBlock(alignTable(table))}`
            : `PD answered *HTTP ${response.status}*:\n${codeBlock(response.rawBody)}${cutNote(response.status, response.truncatedAtBytes)}`,
        ),
        ...(table?.paging ? [pageButtons(request, table.paging)] : []),
        ...auditWarning(outcome.auditError),
        context(request, target, outcome.startedAt, outcome.durationMs),
      ];
      return { text: fallback(outcome, target), blocks };
    }
    case 'pd_error': {
      const { request, target, error } = outcome;
      // The action's words for an error it knows; PD's status and body still follow, verbatim.
      const known = request.action.presentError?.(error, request.params);
      const words = known !== undefined ? `: ${escapeMrkdwn(known.summary)}` : '';
      const answer =
        error.code === 'PD_HTTP_ERROR'
          ? `PD answered *HTTP ${error.status}* to ${inlineCode(`${error.request.method} ${error.request.path}`)}:\n${codeBlock(error.rawBody)}${cutNote(error.status, error.truncatedAtBytes)}`
          : error.nothingSent
            ? `:electric_plug: *Nothing was sent to PD* (${inlineCode(error.code)}): ${foreignText(error.message)}`
            : `:electric_plug: *No answer from PD* (${inlineCode(error.code)}): ${foreignText(error.message)}`;
      const blocks: Block[] = [
        section(
          error.code !== 'PD_HTTP_ERROR' && error.nothingSent
            ? `:x: *${commandName(request.action)}* was not run${words}`
            : `:x: *${commandName(request.action)}* failed${words}`,
        ),
        requestFields(request, target),
        section(answer),
        // Only a write's stop at a read is news; a read-only action never changes anything.
        ...(error.request.method === 'GET' && request.action.mutating ? [section(NOTHING_CHANGED)] : []),
        ...auditWarning(outcome.auditError),
        context(request, target, outcome.startedAt, outcome.durationMs),
      ];
      return { text: fallback(outcome, target), blocks };
    }
    case 'preview': {
      const { request, target } = outcome;
      const show = (r: PdRequest) =>
        `${r.method} ${target.endpoint}${r.path}${r.body ? `\n${encodePdBody(r)}` : ''}`;
      const reads = outcome.reads ?? [];
      const warnings = (outcome.warnings ?? []).map((w) => `:warning: ${escapeMrkdwn(w)}`);
      const notes = (outcome.notes ?? []).map((n) => escapeMrkdwn(n));
      const sends =
        outcome.pdRequests.length > 0
          ? `This is the exact request the bot would send:\n${codeBlock(outcome.pdRequests.map(show).join('\n\n'))}`
          : 'As things stand, the bot would send no request that changes anything.';
      const blocks: Block[] = [
        section(
          `:mag: *Dry run of ${commandName(request.action)}*: ${reads.length > 0 ? 'nothing was changed; the bot only read from PD' : 'nothing was sent to PD'}`,
        ),
        requestFields(request, target),
        ...(warnings.length > 0 ? [section(warnings.join('\n'))] : []),
        ...(notes.length > 0 ? [section(notes.join('\n'))] : []),
        section(sends),
        ...(outcome.alternatives ?? []).map((a) =>
          section(`${escapeMrkdwn(capitalize(a.when))}, it would send:\n${codeBlock(show(a.request))}`),
        ),
        ...(reads.length > 0
          ? [
              {
                type: 'context' as const,
                elements: [
                  {
                    type: 'mrkdwn' as const,
                    text: `Read from PD for this preview: ${reads.map((r) => `${inlineCode(`${r.request.method} ${r.request.path}`)} (${escapeMrkdwn(r.answer)})`).join(', ')}`,
                  },
                ],
              },
            ]
          : []),
        context(request, target, outcome.startedAt),
      ];
      return { text: fallback(outcome, target), blocks };
    }
    case 'invalid_input':
      return renderInvalidInput(outcome);
    case 'denied': {
      const { request, target } = outcome;
      // Worded here from the policy's facts, with mentions (<@U…>, <#C…>) that render as names.
      const why = wordDenial(outcome.denial, SLACK_DENIAL_WORDS);
      const remedy = outcome.remedy
        ? `\n*What would allow it:* ${wordRemedy(outcome.remedy, SLACK_DENIAL_WORDS)}`
        : '';
      return {
        text: fallback(outcome, target),
        blocks: [
          section(`:no_entry: *${commandName(request.action)}* was not run. ${why}.${remedy}`),
          requestFields(request, target),
          context(request, target),
        ],
      };
    }
    case 'needs_approval':
      return renderApprovalRequest(outcome);
    case 'internal_error': {
      const code = (outcome.error as { code?: unknown } | undefined)?.code;
      const what =
        code === 'AUDIT_WRITE_FAILED'
          ? 'The audit record of this request could not be written, so nothing was sent to PD.'
          : code === 'SHARED_STORE_UNAVAILABLE'
            ? // Every replica must see an approval and its claim; without Redis none is run.
              'The shared store (Redis) is unreachable, so nothing was sent to PD. Try again once it is back.'
            : 'Something went wrong inside tikv-chatops. Check PD before retrying.';
      return {
        text: `${what} (correlation id ${outcome.correlationId})`,
        blocks: [
          section(
            `:boom: ${what} Correlation id ${inlineCode(outcome.correlationId)} — the details are in the bot's log.`,
          ),
        ],
      };
    }
  }
}

/**
 * Ephemeral reply to bad input: which field, what was received, and how to write it. Bounded however
 * much was typed: the start of the command, a few issues, each cut.
 */
export function renderInvalidInput(outcome: Extract<Outcome, { kind: 'invalid_input' }>): SlackMessage {
  const shown = outcome.issues.slice(0, ISSUE_LIMIT);
  const more = outcome.issues.length - shown.length;
  const moreNote = more > 0 ? `… and ${more} more` : undefined;
  const lines = [...shown.map((issue) => `• ${foreignText(issue.message)}`), ...(moreNote ? [moreNote] : [])];
  const usage = outcome.action
    ? `Usage: ${inlineCode(usageLine(outcome.action))}`
    : `Type ${inlineCode('/tikv help')} for the list of actions.`;
  const typed = outcome.text === '' ? '' : `\nYou typed: ${echoTyped(outcome.text)}`;
  const text = `Nothing was sent to PD: ${[...shown.map((i) => foreignText(i.message)), ...(moreNote ? [moreNote] : [])].join('; ')}`;
  return fitSlackLimits({
    text,
    blocks: [section(`:warning: *Nothing was sent to PD.*\n${lines.join('\n')}${typed}\n${usage}`)],
  });
}

/** The start of what was typed, as code, with a marker saying how much more there was. */
function echoTyped(typed: string): string {
  const command = `/tikv ${revealInvisibleCharacters(typed)}`;
  if (command.length <= ECHO_LIMIT) return foreignText(command, ECHO_LIMIT);
  return `${foreignText(command.slice(0, ECHO_LIMIT), ECHO_LIMIT)} … (${command.length - ECHO_LIMIT} more characters not shown)`;
}

function cutNote(status: number, truncatedAtBytes: number | undefined): string {
  const note = bodyCutNote(status, truncatedAtBytes);
  return note === undefined ? '' : `\n:scissors: ${note}.`;
}

function auditWarning(auditError: string | undefined): Block[] {
  if (auditError === undefined) return [];
  return [
    section(
      `:warning: *The audit record of this call could not be written* (${foreignText(auditError)}). PD's answer above is the only record; tell whoever runs the bot.`,
    ),
  ];
}

function fallback(outcome: Outcome, target: Target): string {
  const who = 'request' in outcome && outcome.request ? `${userMention(outcome.request.actor.id)} ` : '';
  const sim = target.simulated ? ' [PD simulator]' : '';
  return `${who}${outcomeHeadline(outcome, (text) => foreignText(text, 200))} (${clusterWords(target)}, PD ${escapeMrkdwn(target.endpoint)})${sim}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
