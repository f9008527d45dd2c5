import { webcrypto } from 'node:crypto';
import './reflect-metadata-shim.js';
import * as x509 from '@peculiar/x509';

/**
 * Certificates for TLS tests, made fresh in memory for each run: nothing with a key is committed,
 * and every name is loopback (127.0.0.1 / localhost), so no test ever looks anything up.
 */
export interface TestPki {
  /** PEM of the CA that signed `server`, `client` and `expiredServer`. */
  readonly ca: string;
  /** PD's certificate: SANs IP 127.0.0.1 and DNS localhost. */
  readonly server: KeyPair;
  /** Signed by the CA but with SAN DNS pd.example.invalid only: a host name mismatch for 127.0.0.1. */
  readonly wrongNameServer: KeyPair;
  /** Valid names, but its validity ended yesterday. */
  readonly expiredServer: KeyPair;
  /** The bot's client certificate (clientAuth). */
  readonly client: KeyPair;
  /** A client certificate that expired yesterday. */
  readonly expiredClient: KeyPair;
  /** Another CA's PEM, and a server and client certificate it signed: trusted by nobody here. */
  readonly otherCa: string;
  readonly otherServer: KeyPair;
  readonly otherClient: KeyPair;
}

export interface KeyPair {
  /** Certificate PEM. */
  readonly cert: string;
  /** PKCS#8 private key PEM. */
  readonly key: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOOPBACK_NAMES: x509.JsonGeneralName[] = [
  { type: 'ip', value: '127.0.0.1' },
  { type: 'dns', value: 'localhost' },
];

interface Authority {
  readonly cert: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

let shared: Promise<TestPki> | undefined;

/** One PKI per test process: key generation is cheap, but there is no reason to repeat it. */
export function testPki(): Promise<TestPki> {
  shared ??= createTestPki();
  return shared;
}

export async function createTestPki(now = Date.now()): Promise<TestPki> {
  x509.cryptoProvider.set(webcrypto as never);
  const ca = await authority('CN=tikv-chatops test CA', now);
  const other = await authority('CN=some other CA', now);
  const valid = { notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 30 * DAY_MS) };
  const expired = { notBefore: new Date(now - 30 * DAY_MS), notAfter: new Date(now - DAY_MS) };
  return {
    ca: ca.cert.toString('pem'),
    server: await leaf(ca, 'CN=pd-0', 'server', LOOPBACK_NAMES, valid),
    wrongNameServer: await leaf(
      ca,
      'CN=pd-x',
      'server',
      [{ type: 'dns', value: 'pd.example.invalid' }],
      valid,
    ),
    expiredServer: await leaf(ca, 'CN=pd-0', 'server', LOOPBACK_NAMES, expired),
    client: await leaf(ca, 'CN=tikv-chatops', 'client', [], valid),
    expiredClient: await leaf(ca, 'CN=tikv-chatops', 'client', [], expired),
    otherCa: other.cert.toString('pem'),
    otherServer: await leaf(other, 'CN=pd-0', 'server', LOOPBACK_NAMES, valid),
    otherClient: await leaf(other, 'CN=tikv-chatops', 'client', [], valid),
  };
}

async function authority(name: string, now: number): Promise<Authority> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name,
    keys: keys as webcrypto.CryptoKeyPair,
    notBefore: new Date(now - 2 * DAY_MS),
    notAfter: new Date(now + 60 * DAY_MS),
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys: keys as webcrypto.CryptoKeyPair };
}

async function leaf(
  issuer: Authority,
  subject: string,
  usage: 'server' | 'client',
  names: x509.JsonGeneralName[],
  validity: { notBefore: Date; notAfter: Date },
): Promise<KeyPair> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([
      usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
    ]),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.cert),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const cert = await x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer.cert.subject,
    ...validity,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert: cert.toString('pem'), key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}
