import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdTransportError } from '../../src/core/pd/pd-errors.js';
import { PdClient, type PdClientOptions } from '../../src/pd/pd-client.js';
import { storeRequest } from '../../src/pd/pd-request.js';
import { type TestPki, testPki } from '../support/test-pki.js';

/**
 * Node's TLS server checks a client certificate only after the handshake and then just closes, so
 * the PD simulator cannot send the alerts PD (Go's crypto/tls) sends for an expired or foreign
 * client certificate. `openssl s_server -verify_return_error` does, like PD, so these tests use it
 * (its -www mode answers GETs with a status page); `.ci/run` installs Debian's openssl when it is
 * missing, so these tests never skip. Its key files live in a temporary directory for the run.
 */
describe('PdClient against a TLS server that rejects client certificates with alerts', () => {
  let pki: TestPki;
  let dir: string;
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    if (spawnSync('openssl', ['version']).status !== 0)
      throw new Error('openssl is not installed: run `apt-get install -y openssl` (.ci/run does)');
    pki = await testPki();
    dir = mkdtempSync(join(tmpdir(), 'pd-tls-'));
    writeFileSync(join(dir, 'ca.pem'), pki.ca);
    writeFileSync(join(dir, 'server.pem'), pki.server.cert);
    writeFileSync(join(dir, 'server.key'), pki.server.key, { mode: 0o600 });
    const args = ['s_server', '-accept', '127.0.0.1:0', '-www', '-Verify', '1', '-verify_return_error'];
    const files = ['-cert', 'server.pem', '-key', 'server.key', '-CAfile', 'ca.pem'];
    server = spawn('openssl', [...args, ...files], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    // s_server prints `ACCEPT 127.0.0.1:PORT` once it listens.
    url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      server.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${seen}`)));
      server.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const port = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(seen)?.[1];
        if (port) resolve(`https://127.0.0.1:${port}`);
      });
    });
  });
  afterAll(() => {
    server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function send(tls: PdClientOptions['tls'], maxVersion: 'TLSv1.2' | 'TLSv1.3') {
    const pd = new PdClient({
      endpoint: url,
      connectTimeoutMs: 5000,
      responseTimeoutMs: 5000,
      ...(tls && { tls }),
      connect: { maxVersion } as never,
    });
    try {
      return await pd.send(storeRequest(1));
    } catch (error) {
      return error;
    } finally {
      await pd.close();
    }
  }

  it.each(['TLSv1.2', 'TLSv1.3'] as const)(
    '%s: answers with the right client certificate',
    async (version) => {
      expect(await send({ ca: pki.ca, ...pki.client }, version)).toMatchObject({ status: 200 });
    },
  );

  it.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: says the client certificate expired', async (version) => {
    const error = (await send({ ca: pki.ca, ...pki.expiredClient }, version)) as PdTransportError;
    expect(error).toBeInstanceOf(PdTransportError);
    expect(error.code).toBe('PD_TLS_CLIENT_CERT_REJECTED');
    expect(error.nothingSent).toBe(true);
    expect(error.message).toContain("PD rejected the bot's client certificate: PD says it has expired");
  });

  it.each(['TLSv1.2', 'TLSv1.3'] as const)(
    '%s: says PD does not trust the client certificate CA',
    async (version) => {
      const error = (await send({ ca: pki.ca, ...pki.otherClient }, version)) as PdTransportError;
      expect(error.code).toBe('PD_TLS_CLIENT_CERT_REJECTED');
      expect(error.message).toContain('PD does not trust the CA that signed it');
    },
  );

  it('TLSv1.3: says a client certificate is required when none is configured', async () => {
    const error = (await send({ ca: pki.ca }, 'TLSv1.3')) as PdTransportError;
    expect(error.code).toBe('PD_TLS_CLIENT_CERT_REJECTED');
    expect(error.message).toContain('PD requires a client certificate and none is configured');
  });

  it('TLSv1.2: suggests a client certificate when the handshake fails without one', async () => {
    const error = (await send({ ca: pki.ca }, 'TLSv1.2')) as PdTransportError;
    expect(error.code).toBe('PD_TLS_HANDSHAKE_FAILED');
    expect(error.nothingSent).toBe(true);
    expect(error.message).toContain('no client certificate is configured');
  });
});
