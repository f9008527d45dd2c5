import { createSecureContext } from 'node:tls';
import type { PdTransportErrorCode } from '../core/pd/pd-errors.js';

/**
 * TLS material for `https://` PD endpoints, as PEM contents (the caller reads the files named by
 * pd-ctl's `--cacert/--cert/--key`). Without `ca`, Node's default CAs verify PD.
 */
export interface PdTlsOptions {
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

export type PdTlsErrorCode = Extract<PdTransportErrorCode, `PD_TLS_${string}`>;

/** Node's certificate-verification codes (openssl X509_V_ERR names) for a server we cannot trust. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * TLS alerts PD sends when it refuses the bot's client certificate. Go's crypto/tls (PD) sends
 * certificate_required (TLS 1.3) or bad_certificate (1.2) when none is presented, certificate_expired,
 * unknown_ca, or bad_certificate when verification fails; OpenSSL names them as below.
 */
const CLIENT_CERT_ALERTS: Readonly<Record<string, string>> = {
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'PD requires a client certificate',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'PD could not verify it',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'PD says it has expired',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'PD does not trust the CA that signed it',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'PD could not verify it',
  ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: 'PD does not accept its type or key usage',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 'PD says it has been revoked',
  ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 'PD denied access to its subject',
};

export function isClientCertAlert(code: string): boolean {
  return code in CLIENT_CERT_ALERTS;
}

/**
 * The TLS code for a chain of Node/undici error codes, or undefined. `connectPhase`: the error came
 * from the connector, before undici had the socket, so a generic ERR_SSL_* is a handshake failure.
 */
export function classifyTlsError(
  codes: readonly string[],
  connectPhase: boolean,
): PdTlsErrorCode | undefined {
  const has = (set: ReadonlySet<string>) => codes.some((c) => set.has(c));
  if (has(UNTRUSTED)) return 'PD_TLS_UNTRUSTED';
  if (has(EXPIRED)) return 'PD_TLS_CERT_EXPIRED';
  if (codes.includes('ERR_TLS_CERT_ALTNAME_INVALID')) return 'PD_TLS_HOSTNAME_MISMATCH';
  if (codes.some(isClientCertAlert)) return 'PD_TLS_CLIENT_CERT_REJECTED';
  if (connectPhase && codes.some((c) => c.startsWith('ERR_OSSL_') || c.startsWith('ERR_TLS_INVALID')))
    return 'PD_TLS_CONFIG_INVALID';
  if (connectPhase && codes.some((c) => c.startsWith('ERR_SSL_'))) return 'PD_TLS_HANDSHAKE_FAILED';
  return undefined;
}

/** A message a user can act on; `where` is `METHOD URL`. Every case ends before PD read anything. */
export function tlsFailureMessage(
  code: PdTlsErrorCode,
  codes: readonly string[],
  detail: string,
  where: string,
  tls: PdTlsOptions | undefined,
): string {
  switch (code) {
    case 'PD_TLS_UNTRUSTED':
      return tls?.ca === undefined
        ? `PD's certificate is not signed by a CA Node trusts, and no CA is configured for PD (${where}: ${detail}); nothing was sent.`
        : `PD's certificate is not signed by the configured CA (${where}: ${detail}); nothing was sent.`;
    case 'PD_TLS_CERT_EXPIRED':
      return codes.includes('CERT_NOT_YET_VALID')
        ? `PD's certificate is not valid yet (${where}); check the clocks; nothing was sent.`
        : `PD's certificate has expired (${where}); nothing was sent.`;
    case 'PD_TLS_HOSTNAME_MISMATCH':
      return `PD's certificate does not name the host in the endpoint URL (${where}: ${detail}); use a host name the certificate lists; nothing was sent.`;
    case 'PD_TLS_CLIENT_CERT_REJECTED': {
      const alert = codes.find(isClientCertAlert) ?? '';
      // Sending none, any complaint is about its absence (Go answers bad_certificate under TLS 1.2).
      const reason =
        tls?.cert === undefined
          ? 'PD requires a client certificate and none is configured'
          : (CLIENT_CERT_ALERTS[alert] ?? 'PD refused it');
      return `PD rejected the bot's client certificate: ${reason} (${where}); nothing was sent.`;
    }
    case 'PD_TLS_CONFIG_INVALID':
      return `The bot's TLS CA, certificate or key for PD cannot be used (${where}: ${detail}); nothing was sent.`;
    case 'PD_TLS_HANDSHAKE_FAILED':
      return codes.includes('ERR_SSL_WRONG_VERSION_NUMBER')
        ? `TLS handshake with PD failed: it does not seem to speak TLS there; use http:// for a PD without TLS (${where}); nothing was sent.`
        : `TLS handshake with PD failed (${where}: ${detail})${
            tls?.cert === undefined
              ? '; no client certificate is configured, and PD with a CA set requires one'
              : ''
          }; nothing was sent.`;
  }
}

/**
 * Loads the material the way the client will, so a bad PEM or a key that does not match its
 * certificate is found at start rather than at the first request. Returns Node's reason, or undefined.
 */
export function checkPdTlsOptions(tls: PdTlsOptions): string | undefined {
  try {
    createSecureContext({ ...tls });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
