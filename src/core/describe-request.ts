import { type ActionDefinition, type ActionParams, commandName } from './action-definition.js';
import type { Outcome } from './outcome.js';

/** `transfer-leader region_id=42 to_store_id=4`: the request as the user could retype it. */
export function describeRequest(action: ActionDefinition, params: ActionParams): string {
  const args = Object.keys(action.parameters)
    .filter((name) => params[name] !== undefined)
    .map((name) => `${name}=${params[name]}`);
  return [commandName(action), ...args].join(' ');
}

/** One plain-text line that says what happened: the Slack notification text. */
export function outcomeHeadline(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'ok':
      return `${describeRequest(outcome.request.action, outcome.request.params)}: PD answered ${outcome.response.status}: ${outcome.response.pdMessage}`;
    case 'pd_error': {
      const what = describeRequest(outcome.request.action, outcome.request.params);
      const error = outcome.error;
      return error.code === 'PD_HTTP_ERROR'
        ? `${what}: failed, PD answered ${error.status}: ${error.pdMessage}`
        : `${what}: failed, ${error.message}`;
    }
    case 'preview':
      return `${describeRequest(outcome.request.action, outcome.request.params)}: dry run, no write sent to PD`;
    case 'invalid_input':
      return `invalid input: ${outcome.issues.map((issue) => issue.message).join('; ')}`;
    case 'denied':
      return `${describeRequest(outcome.request.action, outcome.request.params)}: denied: ${outcome.reason}`;
    case 'needs_approval':
      return `${describeRequest(outcome.request.action, outcome.request.params)}: waiting for approval`;
    case 'internal_error':
      return `internal error (correlation id ${outcome.correlationId})`;
  }
}
