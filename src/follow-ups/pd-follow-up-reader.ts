import type { FollowUpReader } from '../core/follow-ups/follow-up-ports.js';
import { PdHttpError, PdTransportError } from '../core/pd/pd-errors.js';
import type { PdTransport } from '../core/pd/pd-port.js';

/** Follow-up reads over each cluster's own PD transport; a PD error is an answer, never a throw. */
export function pdFollowUpReader(transports: ReadonlyMap<string, PdTransport>): FollowUpReader {
  return async (cluster, request) => {
    const transport = transports.get(cluster);
    if (transport === undefined) {
      return { ok: false, errorCode: 'UNKNOWN_CLUSTER', message: `no cluster named ${cluster}` };
    }
    try {
      const response = await transport.send(request);
      return { ok: true, status: response.status, body: response.rawBody };
    } catch (error) {
      if (error instanceof PdHttpError) return { ok: false, status: error.status, body: error.rawBody };
      if (error instanceof PdTransportError)
        return { ok: false, errorCode: error.code, message: error.message };
      return {
        ok: false,
        errorCode: 'INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  };
}
