import { type PdError, PdHttpError } from '../core/pd/pd-errors.js';
import { pdErrorCode } from './decode-pd-body.js';
import type { PdRequest } from './pd-request.js';

/**
 * PD answers that mean "this PD did not act; ask another" (pd-api.md §8): the redirect middleware
 * refused before proxying, or the server is not running. Not `ErrRedirect` ("redirect failed"):
 * PD's proxy answers that after its call to the leader failed, and that call may have reached it.
 */
const NOT_SERVING_CODES = new Set(['PD:apiutil:ErrRedirectToNotLeader', 'PD:server:ErrServerNotStarted']);

/** True when PD's answer says it did not act on the request, so another endpoint may be asked. */
export function isNotServing(error: PdHttpError, method: PdRequest['method']): boolean {
  // 503 is ErrRedirectNoLeader, answered before any proxying; pd's own Go client re-checks
  // membership on 503 rather than treating it as an answer.
  if (error.status === 503) return true;
  const code = pdErrorCode(error.pdMessage);
  if (code === undefined) return false;
  if (NOT_SERVING_CODES.has(code)) return true;
  return method === 'GET' && code === 'PD:apiutil:ErrRedirect';
}

const READ_RETRYABLE = new Set(['PD_RESPONSE_TIMEOUT', 'PD_CONNECTION_RESET', 'PD_NETWORK_ERROR']);

/**
 * Whether the request may go to the next endpoint after this failure. A write moves on only when
 * PD cannot have acted on it; a read (GET) may also move on after a timeout or a reset, because
 * sending it twice changes nothing.
 */
export function mayTryNextEndpoint(error: PdError, request: PdRequest): boolean {
  if (error instanceof PdHttpError) return isNotServing(error, request.method);
  if (error.code === 'PD_CLIENT_CLOSED') return false;
  if (error.nothingSent) return true;
  return request.method === 'GET' && READ_RETRYABLE.has(error.code);
}
