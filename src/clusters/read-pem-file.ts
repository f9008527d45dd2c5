import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { PemFile } from './cluster-config.js';

/** What a TLS file must hold: CA certificates, the client certificate (chain), or its private key. */
export type PemKind = 'ca' | 'cert' | 'key';

/** Reads a whole file synchronously; injected so tests can stand in for an unreadable file. */
export type ReadFileSync = (path: string) => Buffer | string;

export type PemRead =
  | {
      readonly ok: true;
      readonly file: PemFile;
      /** Every certificate in the file, in order (for `cert`, the first is the client's own). */
      readonly certificates: readonly X509Certificate[];
      readonly key?: KeyObject;
    }
  /** `reason` never contains the file's contents or its path: callers name the file their way. */
  | { readonly ok: false; readonly reason: string };

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PRIVATE_KEY_HEADER = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * Reads and parses a PEM file at start, so a wrong path or a swapped cert/key pair stops the bot
 * with a clear message instead of failing at the first TLS handshake, in the middle of an incident.
 */
export function readPemFile(path: string, kind: PemKind, readFile: ReadFileSync): PemRead {
  let text: string;
  try {
    const content = readFile(path);
    text = typeof content === 'string' ? content : content.toString('utf8');
  } catch (error) {
    return { ok: false, reason: describeReadError(error) };
  }
  const file = { path, pem: text };
  if (kind === 'key') return readKey(text, file);
  const blocks = text.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) {
    const hint = PRIVATE_KEY_HEADER.test(text) ? ': it holds a private key; is it the key file?' : '';
    return { ok: false, reason: `holds no PEM certificate (-----BEGIN CERTIFICATE-----)${hint}` };
  }
  const certificates: X509Certificate[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block));
    } catch (error) {
      const which = blocks.length > 1 ? `certificate ${index + 1} of ${blocks.length}` : 'the certificate';
      return { ok: false, reason: `${which} does not parse (${messageOf(error)})` };
    }
  }
  return { ok: true, file, certificates };
}

function readKey(text: string, file: PemFile): PemRead {
  if (!PRIVATE_KEY_HEADER.test(text)) {
    const hint = text.match(CERTIFICATE_BLOCK) ? ': it holds a certificate; is it the cert file?' : '';
    return { ok: false, reason: `holds no PEM private key (-----BEGIN PRIVATE KEY-----)${hint}` };
  }
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type: 4,ENCRYPTED/.test(text)) {
    return {
      ok: false,
      reason: 'holds an encrypted private key; give the key unencrypted, as pd-ctl needs it (no passphrase)',
    };
  }
  try {
    return { ok: true, file, certificates: [], key: createPrivateKey({ key: text, format: 'pem' }) };
  } catch (error) {
    return { ok: false, reason: `the private key does not parse (${messageOf(error)})` };
  }
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return `cannot be read (${messageOf(error)})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
