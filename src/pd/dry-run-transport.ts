import type { DryRunReader } from '../core/actions/run-plan.js';
import { isPdError, type PdError } from '../core/pd/pd-errors.js';
import type { DryRunRead, PdResponse, PdSendContext, PdTransport } from '../core/pd/pd-port.js';
import { isBoundedRead, type PdRequest } from './pd-request.js';

/** A dry run tried a read that may grow with the cluster; it was not sent. */
export class UnboundedReadError extends Error {
  readonly code = 'DRY_RUN_UNBOUNDED_READ';
  constructor(readonly request: PdRequest) {
    super(`a dry run may not send ${request.method} ${request.path}: not a bounded read`);
    this.name = 'UnboundedReadError';
  }
}

/** Something asked a dry run to send a write; the plan runner never does, so this is a bug. */
export class DryRunWriteError extends Error {
  readonly code = 'DRY_RUN_WRITE';
  constructor(readonly request: PdRequest) {
    super(`a dry run never sends ${request.method} ${request.path}`);
    this.name = 'DryRunWriteError';
  }
}

/**
 * What a dry run reads through: reads go to PD for real, so an action that looks before it writes
 * can be previewed as it would run; a write is refused, never sent and never answered with a made-up
 * status (the plan runner shows writes, it does not send them). Only allowlisted reads pass
 * (`isBoundedRead`), so a preview cannot cost PD more than a few small GETs.
 */
export class DryRunTransport implements DryRunReader {
  readonly endpoint: string;
  readonly reads: DryRunRead[] = [];

  constructor(readonly pd: PdTransport) {
    this.endpoint = pd.endpoint;
  }

  async send(request: PdRequest, context?: PdSendContext): Promise<PdResponse> {
    if (request.method !== 'GET') throw new DryRunWriteError(request);
    if (!isBoundedRead(request)) throw new UnboundedReadError(request);
    try {
      const response = await this.pd.send(request, context);
      this.reads.push({ request, answer: `HTTP ${response.status}` });
      return response;
    } catch (error) {
      if (isPdError(error)) {
        const answer = error.code === 'PD_HTTP_ERROR' ? `HTTP ${error.status}` : error.code;
        this.reads.push({ request, answer });
      }
      throw error;
    }
  }

  describeFailure(error: PdError): string {
    return error.code === 'PD_HTTP_ERROR'
      ? `PD answered HTTP ${error.status}: ${clamp(error.pdMessage)}`
      : `no answer from PD (${error.code})`;
  }
}

/** Longest piece of PD's answer quoted in a preview warning; the reads list says where it came from. */
const QUOTE_LIMIT = 300;

function clamp(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}
