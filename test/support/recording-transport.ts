import type { PdResponse, PdTransport } from '../../src/pd/pd-client.js';
import type { PdRequest } from '../../src/pd/pd-request.js';

/**
 * A PD that is never reached: every request is recorded and answered with status 0 and an empty body.
 * For tests that must prove nothing was sent; dry runs use DryRunTransport, which really sends reads.
 */
export class RecordingTransport implements PdTransport {
  readonly requests: PdRequest[] = [];
  constructor(readonly endpoint: string) {}

  async send(request: PdRequest): Promise<PdResponse> {
    this.requests.push(request);
    return {
      request,
      endpoint: this.endpoint,
      status: 0,
      contentType: undefined,
      rawBody: '',
      pdMessage: 'not sent (dry run)',
      durationMs: 0,
    };
  }
}
