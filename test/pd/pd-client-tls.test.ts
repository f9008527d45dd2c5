import { type PdSim, type PdSimOptions, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PdTransportError } from '../../src/core/pd/pd-errors.js';
import { PdClient } from '../../src/pd/pd-client.js';
import { storeRequest, transferLeaderRequest } from '../../src/pd/pd-request.js';
import { type TestPki, testPki } from '../support/test-pki.js';

let pki: TestPki;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  pki = await testPki();
});
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function sim(tls: NonNullable<PdSimOptions['tls']>): Promise<PdSim> {
  const started = await startPdSim({ timing: 'manual', tls });
  open.push(started);
  return started;
}

function client(endpoint: string, tls: ConstructorParameters<typeof PdClient>[0]['tls']): PdClient {
  const pd = new PdClient({ endpoint, connectTimeoutMs: 2000, responseTimeoutMs: 2000, ...(tls && { tls }) });
  open.push(pd);
  return pd;
}

async function failure(promise: Promise<unknown>): Promise<PdTransportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PdTransportError);
    return error as PdTransportError;
  }
  throw new Error('expected the call to fail');
}

describe('PdClient over TLS against the simulator served over HTTPS', () => {
  it('talks mutual TLS with the right CA and client certificate', async () => {
    const pd = await sim({ ...pki.server, ca: pki.ca, requestCert: true });
    expect(pd.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const response = await client(pd.url, { ca: pki.ca, ...pki.client }).send(transferLeaderRequest(42, 4));
    expect(response).toMatchObject({ status: 200, pdMessage: 'The operator is created.', endpoint: pd.url });
    expect(pd.requests).toHaveLength(1);
  });

  it('says PD is not signed by the configured CA, and nothing was sent', async () => {
    const pd = await sim(pki.otherServer);
    const error = await failure(client(pd.url, { ca: pki.ca }).send(transferLeaderRequest(42, 4)));
    expect(error.code).toBe('PD_TLS_UNTRUSTED');
    expect(error.nothingSent).toBe(true);
    expect(error.message).toBe(
      `PD's certificate is not signed by the configured CA (POST ${pd.url}/pd/api/v1/operators: unable to verify the first certificate); nothing was sent.`,
    );
    expect(pd.requests).toHaveLength(0);
  });

  it('says when no CA is configured and Node does not trust PD', async () => {
    const pd = await sim(pki.server);
    const error = await failure(client(pd.url, undefined).send(storeRequest(1)));
    expect(error.code).toBe('PD_TLS_UNTRUSTED');
    expect(error.message).toContain('no CA is configured for PD');
  });

  it('names a missing client certificate when PD requires one, and nothing reached PD', async () => {
    const pd = await sim({ ...pki.server, ca: pki.ca, requestCert: true });
    const error = await failure(client(pd.url, { ca: pki.ca }).send(transferLeaderRequest(42, 4)));
    expect(error.code).toBe('PD_TLS_CLIENT_CERT_REJECTED');
    expect(error.nothingSent).toBe(true);
    expect(error.message).toBe(
      `PD rejected the bot's client certificate: PD requires a client certificate and none is configured (POST ${pd.url}/pd/api/v1/operators); nothing was sent.`,
    );
    expect(pd.requests).toHaveLength(0);
  });

  it("reports PD's expired certificate", async () => {
    const pd = await sim(pki.expiredServer);
    const error = await failure(client(pd.url, { ca: pki.ca }).send(transferLeaderRequest(42, 4)));
    expect(error.code).toBe('PD_TLS_CERT_EXPIRED');
    expect(error.nothingSent).toBe(true);
    expect(error.message).toBe(
      `PD's certificate has expired (POST ${pd.url}/pd/api/v1/operators); nothing was sent.`,
    );
    expect(pd.requests).toHaveLength(0);
  });

  it('reports a certificate that does not name the host', async () => {
    const pd = await sim(pki.wrongNameServer);
    const error = await failure(client(pd.url, { ca: pki.ca }).send(transferLeaderRequest(42, 4)));
    expect(error.code).toBe('PD_TLS_HOSTNAME_MISMATCH');
    expect(error.nothingSent).toBe(true);
    expect(error.message).toContain("PD's certificate does not name the host in the endpoint URL");
    expect(pd.requests).toHaveLength(0);
  });

  it("reports a client key that does not match its certificate as the bot's TLS settings", async () => {
    const pd = await sim(pki.server);
    const tls = { ca: pki.ca, cert: pki.client.cert, key: pki.server.key };
    const error = await failure(client(pd.url, tls).send(transferLeaderRequest(42, 4)));
    expect(error.code).toBe('PD_TLS_CONFIG_INVALID');
    expect(error.nothingSent).toBe(true);
    expect(error.message).toContain('key values mismatch');
  });

  it('says https:// to a PD without TLS does not speak TLS', async () => {
    const plain = await startPdSim({ timing: 'manual' });
    open.push(plain);
    const error = await failure(
      client(plain.url.replace('http:', 'https:'), { ca: pki.ca }).send(storeRequest(1)),
    );
    expect(error.code).toBe('PD_TLS_HANDSHAKE_FAILED');
    expect(error.nothingSent).toBe(true);
    expect(error.message).toContain('use http:// for a PD without TLS');
    expect(plain.requests).toHaveLength(0);
  });
});
