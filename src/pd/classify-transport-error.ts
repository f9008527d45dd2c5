import type { PdTransportErrorCode } from '../core/pd/pd-errors.js';

/** Every `code` on the error, its causes, and the errors it aggregates. */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string') codes.push(code);
      const inner = current as { cause?: unknown; errors?: unknown[] };
      // Happy-eyeballs connects fail with an AggregateError holding one error per address.
      if (Array.isArray(inner.errors)) for (const e of inner.errors) codes.push(...errorCodes(e));
      current = inner.cause;
    } else break;
  }
  return codes;
}

/** The non-TLS transport code for a chain of Node/undici error codes. */
export function classifyTransportError(codes: readonly string[]): PdTransportErrorCode {
  const has = (...wanted: string[]) => wanted.some((c) => codes.includes(c));
  // undici 7.30.2 throws ClientClosedError only from Dispatcher.dispatch once close() has begun,
  // before the request is queued (lib/dispatcher/dispatcher-base.js, dispatch), so nothing left.
  // ClientDestroyedError is not claimed here: destroy() also fails requests already written to the
  // socket with it (client.js kDestroy -> client-h1.js destroy -> onHttpSocketClose), and this client
  // only ever calls close(), which lets in-flight requests finish.
  if (has('UND_ERR_CLOSED')) return 'PD_CLIENT_CLOSED';
  if (has('ECONNREFUSED')) return 'PD_CONNECTION_REFUSED';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA')) return 'PD_DNS_FAILURE';
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')) return 'PD_CONNECT_TIMEOUT';
  if (has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_ABORTED', 'ABORT_ERR'))
    return 'PD_RESPONSE_TIMEOUT';
  if (has('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE')) return 'PD_CONNECTION_RESET';
  return 'PD_NETWORK_ERROR';
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
