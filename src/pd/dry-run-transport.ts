import { isPdError } from '../core/pd-errors.js';
import type { DryRunRead, PdResponse, PdSendContext, PdTransport } from '../core/pd-port.js';
import { isBoundedRead, type PdRequest } from './pd-request.js';

/** A dry run tried a read that may grow with the cluster; it was not sent. */
export class UnboundedReadError extends Error {
  readonly code = 'DRY_RUN_UNBOUNDED_READ';
  constructor(readonly request: PdRequest) {
    super(`a dry run may not send ${request.method} ${request.path}: not a bounded read`);
    this.name = 'UnboundedReadError';
  }
}

/**
 * The engine's dry run: reads go to PD for real, so an action that looks before it writes can be
 * previewed as it would run; every other request is recorded and answered with status 0, never sent.
 * Only allowlisted reads pass (`isBoundedRead`), so a preview cannot cost PD more than a few small GETs.
 */
export class DryRunTransport implements PdTransport {
  readonly endpoint: string;
  /** What would have been sent, in order; none of it was. */
  readonly writes: PdRequest[] = [];
  readonly reads: DryRunRead[] = [];

  constructor(readonly pd: PdTransport) {
    this.endpoint = pd.endpoint;
  }

  async send(request: PdRequest, context?: PdSendContext): Promise<PdResponse> {
    if (request.method !== 'GET') {
      this.writes.push(request);
      return {
        request,
        endpoint: this.endpoint,
        status: 0,
        contentType: undefined,
        rawBody: '',
        pdMessage: 'not sent (dry run)',
        durationMs: 0,
        simulated: false,
      };
    }
    if (!isBoundedRead(request)) throw new UnboundedReadError(request);
    try {
      const response = await this.pd.send(request, context);
      this.reads.push({ request, answer: `HTTP ${response.status}`, simulated: response.simulated });
      return response;
    } catch (error) {
      if (isPdError(error)) {
        const answer = error.code === 'PD_HTTP_ERROR' ? `HTTP ${error.status}` : error.code;
        const simulated = error.code === 'PD_HTTP_ERROR' && error.simulated;
        this.reads.push({ request, answer, simulated });
      }
      throw error;
    }
  }
}
