import { describe, expect, it } from 'vitest';
import { checkPdTlsOptions, classifyTlsError, tlsFailureMessage } from '../../src/pd/pd-tls.js';
import { testPki } from '../support/test-pki.js';

const WHERE = 'POST https://pd-0:2379/pd/api/v1/operators';

describe('classifyTlsError', () => {
  // Node's TLS server cannot send these alerts (it checks client certificates after the handshake
  // and just closes), so they are taken from what Go's crypto/tls, which PD uses, sends.
  it.each([
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'PD requires a client certificate'],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'PD could not verify it'],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'PD says it has expired'],
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'PD does not trust the CA that signed it'],
  ])('calls PD alert %s a rejected client certificate', (code, reason) => {
    expect(classifyTlsError(['UND_ERR_SOCKET', code], false)).toBe('PD_TLS_CLIENT_CERT_REJECTED');
    const tls = { ca: 'ca', cert: 'cert', key: 'key' };
    expect(tlsFailureMessage('PD_TLS_CLIENT_CERT_REJECTED', [code], '', WHERE, tls)).toBe(
      `PD rejected the bot's client certificate: ${reason} (${WHERE}); nothing was sent.`,
    );
  });

  it.each([
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'PD_TLS_UNTRUSTED'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'PD_TLS_UNTRUSTED'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'PD_TLS_UNTRUSTED'],
    ['CERT_HAS_EXPIRED', 'PD_TLS_CERT_EXPIRED'],
    ['CERT_NOT_YET_VALID', 'PD_TLS_CERT_EXPIRED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'PD_TLS_HOSTNAME_MISMATCH'],
  ])("maps Node's %s to %s", (code, expected) => {
    expect(classifyTlsError([code], true)).toBe(expected);
  });

  it('claims a generic SSL error only when it happened while connecting', () => {
    expect(classifyTlsError(['ERR_SSL_WRONG_VERSION_NUMBER'], true)).toBe('PD_TLS_HANDSHAKE_FAILED');
    expect(classifyTlsError(['ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC'], false)).toBeUndefined();
    expect(classifyTlsError(['ECONNRESET'], true)).toBeUndefined();
  });

  it('says a certificate that is not valid yet is about the clocks', () => {
    expect(tlsFailureMessage('PD_TLS_CERT_EXPIRED', ['CERT_NOT_YET_VALID'], '', WHERE, {})).toBe(
      `PD's certificate is not valid yet (${WHERE}); check the clocks; nothing was sent.`,
    );
  });
});

describe('checkPdTlsOptions', () => {
  it('accepts a matching certificate and key, and names the problem otherwise', async () => {
    const pki = await testPki();
    expect(checkPdTlsOptions({ ca: pki.ca, ...pki.client })).toBeUndefined();
    expect(checkPdTlsOptions({ ca: pki.ca, cert: pki.client.cert, key: pki.server.key })).toMatch(
      /key values mismatch/,
    );
    expect(checkPdTlsOptions({ cert: 'not a certificate', key: pki.client.key })).toBeDefined();
  });
});

describe('tlsFailureMessage for a client certificate PD rejected', () => {
  it('says none is configured whatever alert PD chose, when the bot sent none', () => {
    expect(
      tlsFailureMessage('PD_TLS_CLIENT_CERT_REJECTED', ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'], '', WHERE, {
        ca: 'ca',
      }),
    ).toBe(
      `PD rejected the bot's client certificate: PD requires a client certificate and none is configured (${WHERE}); nothing was sent.`,
    );
  });
});
