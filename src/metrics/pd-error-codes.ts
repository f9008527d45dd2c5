import type { PdTransportErrorCode } from '../core/pd/pd-errors.js';

// A record, not a list: adding a code to PdTransportErrorCode without adding it here fails to compile.
const CODES: Record<PdTransportErrorCode, true> = {
  PD_CONNECTION_REFUSED: true,
  PD_DNS_FAILURE: true,
  PD_CONNECT_TIMEOUT: true,
  PD_RESPONSE_TIMEOUT: true,
  PD_CONNECTION_RESET: true,
  PD_NETWORK_ERROR: true,
  PD_CLIENT_CLOSED: true,
  PD_TLS_UNTRUSTED: true,
  PD_TLS_CERT_EXPIRED: true,
  PD_TLS_HOSTNAME_MISMATCH: true,
  PD_TLS_CLIENT_CERT_REJECTED: true,
  PD_TLS_CONFIG_INVALID: true,
  PD_TLS_HANDSHAKE_FAILED: true,
};

/** Every transport error code, the label values of tikv_chatops_pd_transport_errors_total. */
export const PD_TRANSPORT_ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(CODES));
