import type { Logger } from 'pino';
import type { Subject } from '../actions/subject.js';
import { pdBodyLogFields } from '../pd/pd-body-log-fields.js';
import { isPdError, type PdAttempt } from '../pd/pd-errors.js';
import type { Clock } from './engine-clock.js';
import type { ExecutionRequest, Outcome, Target } from './outcome.js';

/**
 * The PD part of handling a request, once it is allowed: run it (or record it, for a dry run) and
 * report what PD said. Never throws.
 */
export async function runAction(
  deps: { subject: Subject; clock: Clock; logger: Logger },
  request: ExecutionRequest,
  target: Target,
): Promise<Extract<Outcome, { kind: 'ok' | 'pd_error' | 'preview' | 'internal_error' }>> {
  const { subject, clock } = deps;
  const startedAt = clock.now();
  const started = clock.monotonic();
  const log = deps.logger.child({
    correlationId: request.correlationId,
    user: request.actor.id,
    source: request.actor.source,
    channel: request.channelId,
    cluster: target.cluster,
    action: request.action.name,
    params: request.params,
    ...(request.approvalId !== undefined && {
      approvalId: request.approvalId,
      approvedBy: request.approvedBy,
    }),
  });
  const context = { correlationId: request.correlationId };
  try {
    if (request.dryRun) {
      const preview = await subject.preview(request.action, request.params, context, startedAt);
      log.info(
        {
          decision: 'previewed',
          pdRequests: preview.pdRequests,
          pdReads: preview.reads.map((r) => `${r.request.method} ${r.request.path} ${r.answer}`),
          warnings: preview.warnings,
        },
        'action previewed, no write sent to PD',
      );
      return { kind: 'preview', request, target, startedAt, ...preview };
    }
    const response = await subject.execute(request.action, request.params, context, startedAt);
    const durationMs = Math.round(clock.monotonic() - started);
    log.info(
      {
        decision: 'executed',
        pdMethod: response.request.method,
        pdPath: response.request.path,
        pdStatus: response.status,
        ...pdBodyLogFields(response.rawBody, response.truncatedAtBytes),
        durationMs,
      },
      'action executed',
    );
    return {
      kind: 'ok',
      request,
      target: answeredTarget(target, response.endpoint, response.attempts),
      response,
      startedAt,
      durationMs,
    };
  } catch (error) {
    const durationMs = Math.round(clock.monotonic() - started);
    if (isPdError(error)) {
      log.warn(
        {
          decision: 'failed',
          errorCode: error.code,
          pdMethod: error.request.method,
          pdPath: error.request.path,
          pdStatus: 'status' in error ? error.status : undefined,
          ...('rawBody' in error && pdBodyLogFields(error.rawBody, error.truncatedAtBytes)),
          durationMs,
        },
        error.message,
      );
      return {
        kind: 'pd_error',
        request,
        target: answeredTarget(target, error.endpoint, error.attempts),
        error,
        startedAt,
        durationMs,
      };
    }
    log.error({ decision: 'internal_error', err: error, durationMs }, 'action failed inside the bot');
    return { kind: 'internal_error', request, correlationId: request.correlationId, error };
  }
}

/**
 * The target as PD's answer found it: the endpoint that answered (or failed last), and every
 * attempt when that was not simply the first endpoint, so messages can say where the answer came from.
 */
function answeredTarget(
  target: Target,
  endpoint: string,
  attempts: readonly PdAttempt[] | undefined,
): Target {
  const first = target.endpoint.split(',')[0];
  const moved = attempts !== undefined && (attempts.length > 1 || endpoint !== first);
  return {
    ...target,
    endpoint,
    ...(moved && { attempts }),
  };
}
