import { describe, expect, it } from 'vitest';
import { PdHttpError, PdTransportError, type PdTransportErrorCode } from '../../src/core/pd/pd-errors.js';
import { mayTryNextEndpoint } from '../../src/pd/may-try-next-endpoint.js';
import { storeRequest, transferLeaderRequest } from '../../src/pd/pd-request.js';

const post = transferLeaderRequest(42, 4);
const get = storeRequest(1);
const transport = (code: PdTransportErrorCode, request = post) =>
  new PdTransportError(code, request, 'http://pd-0:2379', code, 1);
const answer = (status: number, message: string, request = post) =>
  new PdHttpError(request, 'http://pd-0:2379', status, 'text/plain', `${message}\n`, message, 1);

describe('mayTryNextEndpoint', () => {
  it.each<PdTransportErrorCode>([
    'PD_CONNECTION_REFUSED',
    'PD_DNS_FAILURE',
    'PD_CONNECT_TIMEOUT',
    'PD_TLS_UNTRUSTED',
    'PD_TLS_CLIENT_CERT_REJECTED',
  ])('moves a POST on after %s: nothing was sent', (code) => {
    expect(mayTryNextEndpoint(transport(code), post)).toBe(true);
  });

  it.each<PdTransportErrorCode>(['PD_RESPONSE_TIMEOUT', 'PD_CONNECTION_RESET', 'PD_NETWORK_ERROR'])(
    'keeps a POST after %s but moves a GET on',
    (code) => {
      expect(mayTryNextEndpoint(transport(code), post)).toBe(false);
      expect(mayTryNextEndpoint(transport(code, get), get)).toBe(true);
    },
  );

  it('never moves on once the client is closed', () => {
    expect(mayTryNextEndpoint(transport('PD_CLIENT_CLOSED'), post)).toBe(false);
  });

  it('moves on after 503 and the proxy refusals, not after a business error', () => {
    expect(mayTryNextEndpoint(answer(503, 'Service Unavailable'), post)).toBe(true);
    expect(mayTryNextEndpoint(answer(500, '[PD:server:ErrServerNotStarted]server not started'), post)).toBe(
      true,
    );
    expect(mayTryNextEndpoint(answer(500, '[PD:region:ErrRegionNotFound]region 42 not found'), post)).toBe(
      false,
    );
    expect(mayTryNextEndpoint(answer(500, '[PD:apiutil:ErrRedirect]redirect failed'), post)).toBe(false);
    expect(mayTryNextEndpoint(answer(500, '[PD:apiutil:ErrRedirect]redirect failed', get), get)).toBe(true);
    expect(mayTryNextEndpoint(answer(429, 'Too Many Requests'), post)).toBe(false);
  });
});

describe('PdTransportError.nothingSent over several endpoints', () => {
  it('is false when an earlier endpoint may have received the request', () => {
    const error = transport('PD_CONNECTION_REFUSED', get);
    error.attempts = [
      { endpoint: 'http://pd-0:2379', outcome: 'PD_RESPONSE_TIMEOUT', durationMs: 1 },
      { endpoint: 'http://pd-1:2379', outcome: 'PD_CONNECTION_REFUSED', durationMs: 1 },
    ];
    expect(error.nothingSent).toBe(false);
    error.attempts = [
      { endpoint: 'http://pd-0:2379', outcome: 'not-serving', status: 503, durationMs: 1 },
      { endpoint: 'http://pd-1:2379', outcome: 'PD_CONNECTION_REFUSED', durationMs: 1 },
    ];
    expect(error.nothingSent).toBe(true);
  });
});
