import { type ActionDefinition, type ActionParams, commandName } from '../actions/action-definition.js';
import type { Outcome } from '../engine/outcome.js';

/** `transfer-leader region_id=42 to_store_id=4`: the request as the user could retype it. */
export function describeRequest(action: ActionDefinition, params: ActionParams): string {
  const args = Object.keys(action.parameters)
    .filter((name) => params[name] !== undefined)
    .map((name) => `${name}=${params[name]}`);
  return [commandName(action), ...args].join(' ');
}

/**
 * Wraps a piece of text the bot did not write (PD's words, what the user typed) for the front end's
 * markup; the headline itself is the bot's.
 */
export type QuoteForeign = (text: string) => string;

/**
 * One line that says what happened: the Slack notification text. Everything in it that came from
 * outside (the typed request, PD's message, issue messages quoting tokens) goes through `quote`.
 */
export function outcomeHeadline(outcome: Outcome, quote: QuoteForeign): string {
  switch (outcome.kind) {
    case 'ok': {
      // A read-only view's summary ("3 PD members, all healthy") says more than its JSON would.
      const said = outcome.request.action.present?.(outcome.response)?.summary ?? outcome.response.pdMessage;
      return `${quote(describeRequest(outcome.request.action, outcome.request.params))}: PD answered ${outcome.response.status}: ${quote(said)}${outcome.response.truncatedAtBytes === undefined ? '' : ' (body cut)'}`;
    }
    case 'pd_error': {
      const what = quote(describeRequest(outcome.request.action, outcome.request.params));
      const error = outcome.error;
      const known = outcome.request.action.presentError?.(error, outcome.request.params);
      if (error.code === 'PD_HTTP_ERROR')
        return `${what}: failed${known ? ` (${quote(known.summary)})` : ''}, PD answered ${error.status}: ${quote(error.pdMessage)}`;
      return error.nothingSent
        ? `${what}: not run, nothing was sent to PD: ${quote(error.message)}`
        : `${what}: failed, ${quote(error.message)}`;
    }
    case 'preview':
      return `${quote(describeRequest(outcome.request.action, outcome.request.params))}: dry run, no write sent to PD`;
    case 'invalid_input':
      return `invalid input: ${outcome.issues.map((issue) => quote(issue.message)).join('; ')}`;
    case 'denied':
      // The reason is the policy's own wording (mrkdwn with mentions it wrote), not foreign text.
      return `${quote(describeRequest(outcome.request.action, outcome.request.params))}: denied: ${outcome.reason}`;
    case 'needs_approval':
      return `${quote(describeRequest(outcome.request.action, outcome.request.params))}: waiting for approval`;
    case 'internal_error':
      return `internal error (correlation id ${outcome.correlationId})`;
  }
}
