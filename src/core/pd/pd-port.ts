import type { PdAttempt, PdError } from './pd-errors.js';
import type { PdRequest } from './pd-request.js';

/**
 * The PD values core speaks: PD's 2xx answer and the transport that carries a request (pd-request)
 * to PD. src/pd implements the transport (undici client, dry-run recorder); core, the subjects and
 * the renderers use only these shapes.
 */

/** What PD answered with a 2xx. */
export interface PdResponse {
  readonly request: PdRequest;
  readonly endpoint: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly rawBody: string;
  readonly pdMessage: string;
  readonly durationMs: number;
  /**
   * Set when PD's body was longer than the client's limit (this many bytes): rawBody holds the
   * complete characters of the first truncatedAtBytes bytes; the rest was never read.
   */
  readonly truncatedAtBytes?: number;
  /**
   * Every endpoint tried, in order, the last being `endpoint`, which answered (PdClient always sets
   * it; other transports may leave it out).
   */
  readonly attempts?: readonly PdAttempt[];
  /**
   * Set by a plan's real run on its final answer: the plan's reads that PD answered with 2xx, in
   * order, so a read-only view can present more than one answer (health: members and their health).
   */
  readonly planReads?: readonly PdResponse[];
  /**
   * Set beside planReads: the plan's reads that failed (non-2xx or no answer), in order, so a view
   * can tell "PD said 404: there is none" from "the read failed: unknown".
   */
  readonly planReadFailures?: readonly PdError[];
}

export interface PdSendContext {
  /** Sent as X-Request-Id so PD-side proxies and logs can be matched with the bot's audit trail. */
  readonly correlationId?: string;
}

/** Anything that can carry a PdRequest to PD: the real client, or a recorder for previews. */
export interface PdTransport {
  readonly endpoint: string;
  send(request: PdRequest, context?: PdSendContext): Promise<PdResponse>;
}

/** A read PD was asked for during a dry run, and how it answered. */
export interface DryRunRead {
  readonly request: PdRequest;
  /** `HTTP 200`, `HTTP 404`, or the transport error code when PD did not answer. */
  readonly answer: string;
}
