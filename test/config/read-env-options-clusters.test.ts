import { beforeAll, describe, expect, it } from 'vitest';
import type { ReadFileSync } from '../../src/clusters/read-pem-file.js';
import { formatConfigProblems, readEnvOptions } from '../../src/config/read-env-options.js';
import { createTestPki, type TestPki } from '../support/test-pki.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shhh-signing-secret' };

let pki: TestPki;
let files: Record<string, string>;
beforeAll(async () => {
  pki = await createTestPki(NOW.getTime());
  files = {
    '/tls/ca.pem': pki.ca,
    '/tls/client.pem': pki.client.cert,
    '/tls/client-key.pem': pki.client.key,
    '/tls/expired.pem': pki.expiredClient.cert,
    '/tls/expired-key.pem': pki.expiredClient.key,
    '/tls/other-key.pem': pki.otherClient.key,
    '/etc/chatops/clusters.yaml': CLUSTERS_YAML,
  };
});

const CLUSTERS_YAML = `version: 1
clusters:
  - name: prod
    production: true
    default_for_channels: [C0PROD]
    pd:
      endpoints: [https://pd-0.prod:2379, https://pd-1.prod:2379]
      tls: {ca: /tls/ca.pem, cert: /tls/client.pem, key: /tls/client-key.pem}
      timeout_ms: 12000
  - name: staging
    production: false
    pd:
      endpoints: [http://pd.staging:2379]
`;

const memory: ReadFileSync = (path) => {
  const content = files[path];
  if (content !== undefined) return content;
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
};

const read = (env: Record<string, string>) => readEnvOptions(env, { readFile: memory, now: NOW });
const problemsOf = (env: Record<string, string>) => {
  const result = read(env);
  if (result.ok) throw new Error('expected the environment to be rejected');
  return result.problems;
};

describe('readEnvOptions: PD_ENDPOINTS alone', () => {
  it('is one cluster named default, not production', () => {
    const result = read({
      ...SLACK,
      PD_ENDPOINTS: 'http://pd-0:2379/, http://pd-1:2379',
      PD_TIMEOUT_MS: '4000',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.config.clusters).toEqual([
      {
        name: 'default',
        production: false,
        defaultForChannels: [],
        pd: {
          endpoints: ['http://pd-0:2379', 'http://pd-1:2379'],
          connectTimeoutMs: 3000,
          responseTimeoutMs: 4000,
        },
      },
    ]);
    expect(result.config.clustersFile).toBeUndefined();
    expect(result.config.pdMaxBodyBytes).toBe(1024 * 1024);
  });

  it('reads PD_CACERT, PD_CERT and PD_KEY, and keeps the key out of the logs', () => {
    const result = read({
      ...SLACK,
      PD_ENDPOINTS: 'https://pd-0:2379',
      PD_CACERT: '/tls/ca.pem',
      PD_CERT: '/tls/client.pem',
      PD_KEY: '/tls/client-key.pem',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.clusters[0]?.pd.tls).toEqual({
      ca: { path: '/tls/ca.pem', pem: pki.ca },
      cert: { path: '/tls/client.pem', pem: pki.client.cert },
      key: { path: '/tls/client-key.pem', pem: pki.client.key },
    });
    expect(result.config.secrets).toContain(pki.client.key.trim());
  });

  it('names each TLS problem by variable, never printing a value', () => {
    const problems = problemsOf({
      ...SLACK,
      PD_ENDPOINTS: 'http://pd-0:2379',
      PD_CACERT: '/secret-place/ca.pem',
      PD_CERT: '/tls/client.pem',
    });
    expect(problems).toEqual([
      'PD_ENDPOINTS must all be https:// URLs when PD_CACERT, PD_CERT or PD_KEY is set',
      'PD_KEY is missing: PD_CERT and PD_KEY go together (the client certificate and its private key)',
      'PD_CACERT: the file does not exist',
    ]);
    expect(formatConfigProblems(problems)).not.toContain('secret-place');
  });

  it('refuses a key that is not the certificate’s, and files of the wrong kind', () => {
    expect(
      problemsOf({
        ...SLACK,
        PD_ENDPOINTS: 'https://pd:2379',
        PD_CERT: '/tls/client.pem',
        PD_KEY: '/tls/other-key.pem',
      }),
    ).toEqual(['PD_KEY does not match the certificate in PD_CERT: is it the key of another certificate?']);
    expect(
      problemsOf({ ...SLACK, PD_ENDPOINTS: 'https://pd:2379', PD_CACERT: '/tls/client-key.pem' }),
    ).toEqual([
      'PD_CACERT: the file holds no PEM certificate (-----BEGIN CERTIFICATE-----): it holds a private key; is it the key file?',
    ]);
  });

  it('warns about an expired PD_CERT and still starts', () => {
    const result = read({
      ...SLACK,
      PD_ENDPOINTS: 'https://pd:2379',
      PD_CERT: '/tls/expired.pem',
      PD_KEY: '/tls/expired-key.pem',
    });
    expect(result.ok && result.warnings).toEqual([
      'PD_CERT: the certificate "CN=tikv-chatops" expired on 2026-11-30T12:00:00.000Z; PD will refuse this client certificate until it is replaced',
    ]);
  });

  it('refuses an endpoint with credentials without repeating it', () => {
    const problems = problemsOf({ ...SLACK, PD_ENDPOINTS: 'http://root:hunter2@pd:2379' });
    expect(problems).toEqual([
      'each PD_ENDPOINTS entry must not contain a user name or password (use TLS client certificates)',
    ]);
  });
});

describe('readEnvOptions: CLUSTERS_FILE', () => {
  it('reads every cluster', () => {
    const result = read({
      ...SLACK,
      CLUSTERS_FILE: '/etc/chatops/clusters.yaml',
      PD_CONNECT_TIMEOUT_MS: '2000',
    });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.config.clustersFile).toBe('/etc/chatops/clusters.yaml');
    expect(
      result.config.clusters.map((c) => [
        c.name,
        c.production,
        c.pd.connectTimeoutMs,
        c.pd.responseTimeoutMs,
      ]),
    ).toEqual([
      ['prod', true, 2000, 12_000],
      ['staging', false, 2000, 10_000],
    ]);
    expect(result.config.clusters[0]?.pd.endpoints).toEqual([
      'https://pd-0.prod:2379',
      'https://pd-1.prod:2379',
    ]);
    expect(result.config.secrets).toContain(pki.client.key.trim());
  });

  it('refuses CLUSTERS_FILE together with PD_ENDPOINTS or the PD TLS variables, saying which to drop', () => {
    expect(
      problemsOf({ ...SLACK, CLUSTERS_FILE: '/etc/chatops/clusters.yaml', PD_ENDPOINTS: 'http://pd:2379' }),
    ).toEqual([
      "CLUSTERS_FILE and PD_ENDPOINTS are both set: drop PD_ENDPOINTS (the clusters file names every cluster's PD endpoints and TLS files)",
    ]);
    expect(
      problemsOf({
        ...SLACK,
        CLUSTERS_FILE: '/etc/chatops/clusters.yaml',
        PD_CACERT: '/tls/ca.pem',
        PD_KEY: '/tls/client-key.pem',
      }),
    ).toEqual([
      "CLUSTERS_FILE and PD_CACERT, PD_KEY are both set: drop PD_CACERT, PD_KEY (the clusters file names every cluster's PD endpoints and TLS files)",
    ]);
  });

  it('lists environment and clusters file problems in one start', () => {
    files['/etc/chatops/bad.yaml'] =
      'version: 1\nclusters:\n  - name: a\n    production: false\n    pd: {endpoints: [pd:2379]}\n';
    expect(problemsOf({ ...SLACK, PORT: 'eighty', CLUSTERS_FILE: '/etc/chatops/bad.yaml' })).toEqual([
      'PORT must be a number',
      '/etc/chatops/bad.yaml:5:22: clusters[0].pd.endpoints[0]: "pd:2379" must be an http:// or https:// URL',
    ]);
  });

  it("refuses a shutdown deadline one cluster's own timeouts do not fit in", () => {
    expect(
      problemsOf({ ...SLACK, CLUSTERS_FILE: '/etc/chatops/clusters.yaml', SHUTDOWN_DEADLINE_MS: '18000' }),
    ).toEqual([
      `SHUTDOWN_DEADLINE_MS must be at least cluster "prod"'s connect + response timeouts + 5000 (20000 ms), so a PD call in flight at shutdown can finish and its reply still be posted`,
    ]);
  });
});
