import type { PdResponse, PdTransport } from './pd-client.js';
import type { PdRequest } from './pd-request.js';

/** Collects the requests a subject would send, and sends nothing: the engine's dry-run. */
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
      simulated: false,
    };
  }
}
