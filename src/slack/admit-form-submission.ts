import type { Logger } from 'pino';
import type { ExecutionRequest } from '../core/engine/outcome.js';
import { firstFieldBlockId } from './form-field-errors.js';
import type { SlackDeps } from './slack-deps.js';
import { refusesUnsharedWrite, UNSHARED_WRITE_WORDS } from './unshared-write-refusal.js';

export type FormAdmission =
  | { readonly run: true }
  /** Not run: ack with this (inline errors), or with nothing for a form already submitted. */
  | { readonly run: false; readonly ack?: { response_action: 'errors'; errors: Record<string, string> } };

/**
 * The gate every accepted form passes before it runs: claimed once per view id (a form answered with
 * inline errors keeps its view id, so it is claimed only here, on acceptance), so a replay or a
 * redelivery runs nothing; and a change is never run on a claim other replicas cannot see.
 */
export async function admitFormSubmission(
  deps: Pick<SlackDeps, 'replayGuard'>,
  log: Logger,
  viewId: string,
  correlationId: string,
  request: ExecutionRequest,
): Promise<FormAdmission> {
  const claim = await deps.replayGuard.claim(`view_submission:${viewId}`, correlationId);
  if (!claim.first) {
    log.warn(
      { decision: 'duplicate', firstCorrelationId: claim.correlationId },
      'this form was already submitted; not run again',
    );
    return { run: false };
  }
  if (refusesUnsharedWrite(claim, request.action, request.dryRun ?? false)) {
    log.warn(
      { decision: 'redis_refused', action: request.action.name },
      'a change without the shared replay claim',
    );
    return {
      run: false,
      ack: {
        response_action: 'errors',
        errors: { [firstFieldBlockId(request.action)]: UNSHARED_WRITE_WORDS },
      },
    };
  }
  return { run: true };
}
