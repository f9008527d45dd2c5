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
    readonly simulated = false,
    /** Set when PD's body was longer than the client's limit (bytes); rawBody holds only its start. */
    readonly truncatedAtBytes?: number,
  ) {
    super(`PD answered ${request.method} ${request.path} with HTTP ${status}: ${clip(pdMessage)}`);
    this.name = 'PdHttpError';
  }
}

export type PdTransportErrorCode =
  | 'PD_CONNECTION_REFUSED'
  | 'PD_DNS_FAILURE'
  | 'PD_CONNECT_TIMEOUT'
  | 'PD_RESPONSE_TIMEOUT'
  | 'PD_CONNECTION_RESET'
  | 'PD_NETWORK_ERROR'
  /** The bot's PD client was closed (shutdown) before the request was handed to it. */
  | 'PD_CLIENT_CLOSED';

const NOTHING_SENT: ReadonlySet<PdTransportErrorCode> = new Set([
  'PD_CONNECTION_REFUSED',
  'PD_DNS_FAILURE',
  'PD_CONNECT_TIMEOUT',
  'PD_CLIENT_CLOSED',
]);

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

  /** True when the request provably never reached PD, so PD cannot have acted on it. */
  get nothingSent(): boolean {
    return NOTHING_SENT.has(this.code);
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
