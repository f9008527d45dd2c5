import type { PdAttempt } from './pd-errors.js';

const OUTCOME_WORDS: Readonly<Record<string, string>> = {
  'not-serving': 'not serving',
  PD_CONNECTION_REFUSED: 'refused',
  PD_DNS_FAILURE: 'DNS failed',
  PD_CONNECT_TIMEOUT: 'connect timeout',
  PD_RESPONSE_TIMEOUT: 'no answer in time',
  PD_CONNECTION_RESET: 'connection reset',
  PD_NETWORK_ERROR: 'network error',
  PD_CLIENT_CLOSED: 'client closed',
  PD_TLS_UNTRUSTED: 'TLS: certificate not trusted',
  PD_TLS_CERT_EXPIRED: 'TLS: certificate expired',
  PD_TLS_HOSTNAME_MISMATCH: 'TLS: host name mismatch',
  PD_TLS_CLIENT_CERT_REJECTED: 'TLS: client certificate rejected',
  PD_TLS_CONFIG_INVALID: 'TLS: bad local settings',
  PD_TLS_HANDSHAKE_FAILED: 'TLS: handshake failed',
};

/**
 * One line for messages and logs: which endpoints were tried, how each went, in order, e.g.
 * `http://pd-0:2379 refused → http://pd-1:2379 HTTP 503 not serving → http://pd-2:2379 answered HTTP 200`.
 */
export function describeAttempts(attempts: readonly PdAttempt[]): string {
  return attempts
    .map((a) => {
      const status = a.status !== undefined ? `HTTP ${a.status} ` : '';
      const words =
        a.outcome === 'answered'
          ? `answered ${status}`.trim()
          : `${status}${OUTCOME_WORDS[a.outcome] ?? a.outcome}`;
      return `${a.endpoint} ${words}`;
    })
    .join(' → ');
}
