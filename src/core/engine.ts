import type { Logger } from 'pino';
import { isPdError } from '../pd/pd-errors.js';
import { RecordingTransport } from '../pd/recording-transport.js';
import type { ExecutionRequest, Outcome, Target } from './outcome.js';
import type { Subject } from './subject.js';

export interface Clock {
  /** Wall-clock time, for messages and audit. */
  now(): Date;
  /** Monotonic milliseconds, for durations. */
  monotonic(): number;
}

export const systemClock: Clock = { now: () => new Date(), monotonic: () => performance.now() };

export interface EngineDeps {
  readonly subject: Subject;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Known up front for an in-process simulator; otherwise learnt from PD's answers. */
  readonly simulated?: boolean;
}

/**
 * Carries out a validated request against the subject and reports one neutral Outcome. It never
 * throws: every failure, expected or not, becomes an outcome a front end can show.
 */
export class Engine {
  constructor(private readonly deps: EngineDeps) {}

  get target(): Target {
    return { endpoint: this.deps.subject.transport.endpoint, simulated: this.deps.simulated ?? false };
  }

  async execute(request: ExecutionRequest): Promise<Outcome> {
    const { subject, clock } = this.deps;
    const startedAt = clock.now();
    const started = clock.monotonic();
    const log = this.deps.logger.child({
      correlationId: request.correlationId,
      user: request.actor.id,
      source: request.actor.source,
      channel: request.channelId,
      action: request.action.name,
      params: request.params,
    });
    const context = { correlationId: request.correlationId };
    try {
      if (request.dryRun) {
        const recorder = new RecordingTransport(subject.transport.endpoint);
        await subject.withTransport(recorder).execute(request.action, request.params, context);
        log.info(
          { decision: 'previewed', pdRequests: recorder.requests },
          'action previewed, nothing sent to PD',
        );
        return { kind: 'preview', request, target: this.target, pdRequests: recorder.requests, startedAt };
      }
      const response = await subject.execute(request.action, request.params, context);
      const durationMs = Math.round(clock.monotonic() - started);
      log.info(
        {
          decision: 'executed',
          pdMethod: response.request.method,
          pdPath: response.request.path,
          pdStatus: response.status,
          pdBody: response.rawBody,
          durationMs,
        },
        'action executed',
      );
      const target = { ...this.target, simulated: this.target.simulated || response.simulated };
      return { kind: 'ok', request, target, response, startedAt, durationMs };
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
            pdBody: 'rawBody' in error ? error.rawBody : undefined,
            durationMs,
          },
          error.message,
        );
        const simulated = this.target.simulated || ('simulated' in error && error.simulated);
        return {
          kind: 'pd_error',
          request,
          target: { ...this.target, simulated },
          error,
          startedAt,
          durationMs,
        };
      }
      log.error({ decision: 'internal_error', err: error, durationMs }, 'action failed inside the bot');
      return { kind: 'internal_error', request, correlationId: request.correlationId, error };
    }
  }
}
