import type { PdRequest } from './pd-request.js';

/**
 * How much of PD's message goes into Error.message. The message travels into log lines, audit
 * reasons and stack traces; the whole answer stays in rawBody and pdMessage for the renderers.
 */
export const ERROR_MESSAGE_PD_CHARS = 500;

/**
 * PD answered, with a non-2xx status. Keeps everything PD said so the channel can show it verbatim
 * (modelled on undici's ResponseError).
 */
export class PdHttpError extends Error {
  readonly code = 'PD_HTTP_ERROR' as const;
  constructor(
    readonly request: PdRequest,
    readonly endpoint: string,
    readonly status: number,
    readonly contentType: string | undefined,
    readonly rawBody: string,
    /** Decoded for display: quotes and newline removed, errcode objects flattened. */
    readonly pdMessage: string,
    readonly durationMs: number,
    /** Set when PD's body was longer than the client's limit (bytes); rawBody holds only its start. */
    readonly truncatedAtBytes?: number,
  ) {
    super(`PD answered ${request.method} ${request.path} with HTTP ${status}: ${clip(pdMessage)}`);
    this.name = 'PdHttpError';
  }

  /** Every endpoint tried for this request, in order; the last is `endpoint`, which answered this. */
  attempts: readonly PdAttempt[] = [];
}

export type PdTransportErrorCode =
  | 'PD_CONNECTION_REFUSED'
  | 'PD_DNS_FAILURE'
  | 'PD_CONNECT_TIMEOUT'
  | 'PD_RESPONSE_TIMEOUT'
  | 'PD_CONNECTION_RESET'
  | 'PD_NETWORK_ERROR'
  /** The bot's PD client was closed (shutdown) before the request was handed to it. */
  | 'PD_CLIENT_CLOSED'
  /** PD's certificate does not chain to the configured CA (or to Node's CAs when none is set). */
  | 'PD_TLS_UNTRUSTED'
  /** PD's certificate is outside its validity period (expired, or not yet valid). */
  | 'PD_TLS_CERT_EXPIRED'
  /** PD's certificate does not name the host in the endpoint URL. */
  | 'PD_TLS_HOSTNAME_MISMATCH'
  /** PD ended the handshake over the bot's client certificate: missing, expired, unknown CA, bad. */
  | 'PD_TLS_CLIENT_CERT_REJECTED'
  /** The bot's own CA, certificate or key could not be used (bad PEM, key not matching the cert). */
  | 'PD_TLS_CONFIG_INVALID'
  /** Any other TLS handshake failure, e.g. https:// to a PD that serves plain HTTP. */
  | 'PD_TLS_HANDSHAKE_FAILED';

/**
 * Every TLS code is a handshake failure, and undici writes the request only once the handshake is
 * done; a client-certificate rejection under TLS 1.3 arrives just after the client wrote the
 * request, but PD ended the handshake first and never read it (pd-api.md §8).
 */
const NOTHING_SENT: ReadonlySet<PdTransportErrorCode> = new Set([
  'PD_CONNECTION_REFUSED',
  'PD_DNS_FAILURE',
  'PD_CONNECT_TIMEOUT',
  'PD_CLIENT_CLOSED',
  'PD_TLS_UNTRUSTED',
  'PD_TLS_CERT_EXPIRED',
  'PD_TLS_HOSTNAME_MISMATCH',
  'PD_TLS_CLIENT_CERT_REJECTED',
  'PD_TLS_CONFIG_INVALID',
  'PD_TLS_HANDSHAKE_FAILED',
]);

/**
 * One endpoint's part in a request. `answered`: PD's answer (any status) is the result;
 * `not-serving`: PD said it did not act (503, no leader, not started), so the next endpoint was
 * tried; otherwise the transport error's code.
 */
export interface PdAttempt {
  readonly endpoint: string;
  readonly outcome: 'answered' | 'not-serving' | PdTransportErrorCode;
  /** PD's HTTP status, when it answered. */
  readonly status?: number;
  /** PD's decoded message for not-serving answers (e.g. `[PD:apiutil:ErrRedirectNoLeader]…`). */
  readonly pdMessage?: string;
  readonly durationMs: number;
}

/** The outcomes that prove PD did not act on the request at that endpoint. */
export function attemptLeftPdUntouched(attempt: PdAttempt): boolean {
  return attempt.outcome === 'not-serving' || NOTHING_SENT.has(attempt.outcome as PdTransportErrorCode);
}

/** No answer from PD at all. A POST that ends here is never re-sent: PD may have acted on it. */
export class PdTransportError extends Error {
  constructor(
    readonly code: PdTransportErrorCode,
    readonly request: PdRequest,
    readonly endpoint: string,
    message: string,
    readonly durationMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PdTransportError';
  }

  /** Every endpoint tried for this request, in order; the last is `endpoint`, which failed so. */
  attempts: readonly PdAttempt[] = [];

  /**
   * True when the request provably never reached PD, so PD cannot have acted on it: at this
   * endpoint, and at every endpoint tried before it.
   */
  get nothingSent(): boolean {
    return NOTHING_SENT.has(this.code) && this.attempts.every(attemptLeftPdUntouched);
  }
}

export type PdError = PdHttpError | PdTransportError;

function clip(text: string): string {
  if (text.length <= ERROR_MESSAGE_PD_CHARS) return text;
  // Never split a surrogate pair: a lone half becomes U+FFFD in every log line.
  let end = ERROR_MESSAGE_PD_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)} … (${text.length} characters)`;
}

export function isPdError(error: unknown): error is PdError {
  return error instanceof PdHttpError || error instanceof PdTransportError;
}
