import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClustersFile } from '../../src/clusters/load-clusters-file.js';
import type { ReadFileSync } from '../../src/clusters/read-pem-file.js';
import { createTestPki, type TestPki } from '../support/test-pki.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const DEFAULT_TIMEOUTS = { connectTimeoutMs: 3000, responseTimeoutMs: 10_000 };
const FILE = '/etc/chatops/clusters.yaml';
const EXAMPLE = new URL('../../clusters.example.yaml', import.meta.url).pathname;

let pki: TestPki;
let pem: Record<string, string>;
beforeAll(async () => {
  pki = await createTestPki(NOW.getTime());
  const encrypted = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
  }).privateKey;
  pem = {
    '/etc/chatops/ca.pem': pki.ca,
    '/etc/chatops/client.pem': pki.client.cert,
    '/etc/chatops/client-key.pem': pki.client.key,
    '/etc/chatops/expired.pem': pki.expiredClient.cert,
    '/etc/chatops/expired-key.pem': pki.expiredClient.key,
    '/etc/chatops/other-key.pem': pki.otherClient.key,
    '/etc/chatops/encrypted-key.pem': encrypted,
    '/etc/chatops/notes.txt': 'not a certificate\n',
    '/etc/chatops/broken.pem': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
  };
});

/** An in-memory folder: the clusters file and its TLS files, without touching the disk. */
function memoryFiles(files: Record<string, string>): ReadFileSync {
  return (path) => {
    const content = files[path];
    if (content !== undefined) return content;
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  };
}

function load(yaml: string, readFile?: ReadFileSync) {
  return loadClustersFile(FILE, {
    readFile: readFile ?? memoryFiles({ ...pem, [FILE]: yaml }),
    now: NOW,
    defaultTimeouts: DEFAULT_TIMEOUTS,
  });
}

function problemsOf(yaml: string, readFile?: ReadFileSync): readonly string[] {
  const result = load(yaml, readFile);
  if (result.ok) throw new Error('expected the clusters file to be rejected');
  return result.problems;
}

const withTls = (tls: string) =>
  `version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [https://pd:2379]\n      tls:\n${tls}`;

/** As much of `text` as `expected` is long: a prefix check whose failure shows both texts. */
const startOf = (text: string | undefined, expected: string) => text?.slice(0, expected.length);

const TWO_CLUSTERS = `version: 1
clusters:
  - name: prod
    description: Production
    production: true
    default_for_channels: [C0PROD]
    pd:
      endpoints: [https://pd-0:2379, https://pd-1:2379/]
      tls:
        ca: ca.pem
        cert: /etc/chatops/client.pem
        key: client-key.pem
      timeout_ms: 20000
  - name: staging
    production: false
    pd:
      endpoints: [http://pd-s:2379]
`;

describe('loadClustersFile', () => {
  it('reads clusters with their TLS files, defaults and own timeouts', () => {
    const result = load(TWO_CLUSTERS);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      clusters: [
        {
          name: 'prod',
          description: 'Production',
          production: true,
          defaultForChannels: ['C0PROD'],
          pd: {
            endpoints: ['https://pd-0:2379', 'https://pd-1:2379'],
            tls: {
              // Relative paths are read from the clusters file's folder.
              ca: { path: '/etc/chatops/ca.pem', pem: pki.ca },
              cert: { path: '/etc/chatops/client.pem', pem: pki.client.cert },
              key: { path: '/etc/chatops/client-key.pem', pem: pki.client.key },
            },
            connectTimeoutMs: 3000,
            responseTimeoutMs: 20_000,
          },
        },
        {
          name: 'staging',
          production: false,
          defaultForChannels: [],
          pd: { endpoints: ['http://pd-s:2379'], connectTimeoutMs: 3000, responseTimeoutMs: 10_000 },
        },
      ],
    });
  });

  it('warns about an expired client certificate, naming file, line and field, and still loads', () => {
    const result = load(
      TWO_CLUSTERS.replace('/etc/chatops/client.pem', 'expired.pem').replace(
        'client-key.pem',
        'expired-key.pem',
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      `${FILE}:11:15: clusters[0].pd.tls.cert: the certificate "CN=tikv-chatops" expired on 2026-11-30T12:00:00.000Z; PD will refuse this client certificate until it is replaced`,
    ]);
    expect(result.clusters[0]?.pd.tls?.cert?.pem).toBe(pki.expiredClient.cert);
  });

  it('warns about a CA that is not valid yet', () => {
    const result = loadClustersFile(FILE, {
      readFile: memoryFiles({ ...pem, [FILE]: TWO_CLUSTERS }),
      // The test CA's validity starts two days before NOW.
      now: new Date(NOW.getTime() - 3 * 24 * 60 * 60 * 1000),
      defaultTimeouts: DEFAULT_TIMEOUTS,
    });
    expect(result.ok && result.warnings).toEqual([
      `${FILE}:10:13: clusters[0].pd.tls.ca: the certificate "CN=tikv-chatops test CA" is not valid before 2026-11-29T12:00:00.000Z; PD certificates signed by it will be refused until it is replaced`,
      expect.stringMatching(
        /^\/etc\/chatops\/clusters\.yaml:11:15: clusters\[0\]\.pd\.tls\.cert: .* is not valid before/,
      ),
    ]);
  });

  it.each([
    {
      name: 'an unknown key',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [http://pd:2379]\n      endpoint: http://pd:2379\n',
      problem:
        '7:7: clusters[0].pd.endpoint: unknown key "endpoint" (allowed keys: endpoints, tls, connect_timeout_ms, timeout_ms)',
    },
    {
      name: 'an unknown top-level key',
      yaml: 'version: 1\ndefault: a\nclusters:\n  - name: a\n    production: false\n    pd: {endpoints: [http://pd:2379]}\n',
      problem: '2:1: default: unknown key "default" (allowed keys: version, clusters)',
    },
    {
      name: 'a name that is not a slug',
      yaml: 'version: 1\nclusters:\n  - name: Prod_East\n    production: false\n    pd: {endpoints: [http://pd:2379]}\n',
      problem:
        '3:11: clusters[0].name: a cluster name is 1–32 lowercase letters, digits or "-", starting with a letter (e.g. prod-east)',
    },
    {
      name: 'production left out',
      yaml: 'version: 1\nclusters:\n  - name: a\n    pd: {endpoints: [http://pd:2379]}\n',
      problem:
        '3:5: clusters[0].production: is missing (true or false: production clusters are marked in every message)',
    },
    {
      name: 'production that is not true or false',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: yes\n    pd: {endpoints: [http://pd:2379]}\n',
      problem: '4:17: clusters[0].production: expected true or false, got the text "yes"',
    },
    {
      name: 'an endpoint that is not a URL',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [pd-0:2379]\n',
      problem: '6:19: clusters[0].pd.endpoints[0]: "pd-0:2379" must be an http:// or https:// URL',
    },
    {
      name: 'an endpoint with a password, which is not repeated',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [http://root:hunter2@pd:2379]\n',
      problem:
        '6:19: clusters[0].pd.endpoints[0]: must not contain a user name or password (use TLS client certificates)',
    },
    {
      name: 'no endpoints',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: []\n',
      problem: '6:18: clusters[0].pd.endpoints: is empty: list at least one PD URL, e.g. http://pd-0:2379',
    },
    {
      name: 'a plain http endpoint with TLS',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [https://pd-0:2379, http://pd-1:2379]\n      tls:\n        ca: ca.pem\n',
      problem:
        '6:38: clusters[0].pd.endpoints[1]: "http://pd-1:2379" is plain http, but tls is set: use https:// (TLS applies to every endpoint)',
    },
    {
      name: 'a client certificate without its key',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [https://pd:2379]\n      tls:\n        cert: client.pem\n',
      problem:
        '8:9: clusters[0].pd.tls.key: is missing: cert and key go together (the client certificate and its private key)',
    },
    {
      name: 'a key without its certificate',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [https://pd:2379]\n      tls:\n        ca: ca.pem\n        key: client-key.pem\n',
      problem:
        '8:9: clusters[0].pd.tls.cert: is missing: cert and key go together (the client certificate and its private key)',
    },
    {
      name: 'an empty tls section',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [https://pd:2379]\n      tls: {}\n',
      problem: '7:12: clusters[0].pd.tls: is empty: give ca, and cert with key for mutual TLS; or remove tls',
    },
    {
      name: 'a channel name instead of a channel ID',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    default_for_channels: [C0OPS, prod-ops]\n    pd: {endpoints: [http://pd:2379]}\n',
      problem:
        '5:35: clusters[0].default_for_channels[1]: "prod-ops" is not a Slack channel ID (C…, G… or D…, from the channel details)',
    },
    {
      name: 'a timeout out of range',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd:\n      endpoints: [http://pd:2379]\n      timeout_ms: 50\n',
      problem: '7:19: clusters[0].pd.timeout_ms: must be at least 100 ms',
    },
    {
      name: 'another version',
      yaml: 'version: 2\nclusters:\n  - name: a\n    production: false\n    pd: {endpoints: [http://pd:2379]}\n',
      problem: '1:10: version: unsupported version 2 (this bot reads version: 1)',
    },
    {
      name: 'no clusters',
      yaml: 'version: 1\nclusters: []\n',
      problem: '2:11: clusters: is empty: name at least one cluster',
    },
    {
      name: 'a duplicate cluster name',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd: {endpoints: [http://pd-0:2379]}\n  - name: a\n    production: true\n    pd: {endpoints: [http://pd-1:2379]}\n',
      problem: '6:11: clusters[1].name: "a" is already the name of clusters[0]; cluster names must be unique',
    },
    {
      name: 'a channel that is the default of two clusters',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    default_for_channels: [C0OPS]\n    pd: {endpoints: [http://pd-0:2379]}\n  - name: b\n    production: true\n    default_for_channels: [C0PROD, C0OPS]\n    pd: {endpoints: [http://pd-1:2379]}\n',
      problem:
        '9:36: clusters[1].default_for_channels[1]: "C0OPS" is already the default channel of cluster "a" (clusters[0]); a channel has at most one default cluster',
    },
    {
      name: 'one PD under two cluster names',
      yaml: 'version: 1\nclusters:\n  - name: a\n    production: false\n    pd: {endpoints: [http://pd-0:2379]}\n  - name: b\n    production: true\n    pd: {endpoints: [http://PD-0:2379/]}\n',
      problem:
        '8:22: clusters[1].pd.endpoints[0]: "http://PD-0:2379" is already an endpoint of cluster "a" (clusters[0]); one PD must not answer to two names',
    },
    {
      name: 'a YAML syntax error',
      yaml: 'version: 1\nclusters:\n  - name: a\n   production: false\n',
      problem: '4:1: YAML syntax error: Sequence item without - indicator',
    },
    {
      name: 'an empty file',
      yaml: '# nothing yet\n',
      problem: '1:1: the clusters file is empty (expected version: 1 and clusters)',
    },
  ])('refuses $name, naming file, line, column and field', ({ yaml, problem }) => {
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    expect(startOf(problems[0], `${FILE}:${problem}`)).toBe(`${FILE}:${problem}`);
  });

  it.each([
    {
      name: "pd-ctl's flag name instead of the key",
      tls: '        cacert: ca.pem\n',
      problem: '8:9: clusters[0].pd.tls.cacert: unknown key "cacert" (allowed keys: ca, cert, key)',
    },
    {
      name: 'a missing CA file, with the path it was read as',
      tls: '        ca: tls/ca.pem\n',
      problem: '8:13: clusters[0].pd.tls.ca: "tls/ca.pem" does not exist (read as /etc/chatops/tls/ca.pem)',
    },
    {
      name: 'a file that is not PEM',
      tls: '        ca: notes.txt\n',
      problem:
        '8:13: clusters[0].pd.tls.ca: "notes.txt" holds no PEM certificate (-----BEGIN CERTIFICATE-----) (read as /etc/chatops/notes.txt)',
    },
    {
      name: 'a key given as the certificate',
      tls: '        cert: client-key.pem\n        key: client-key.pem\n',
      problem:
        '8:15: clusters[0].pd.tls.cert: "client-key.pem" holds no PEM certificate (-----BEGIN CERTIFICATE-----): it holds a private key; is it the key file? (read as /etc/chatops/client-key.pem)',
    },
    {
      name: 'a certificate given as the key',
      tls: '        cert: /etc/chatops/client.pem\n        key: /etc/chatops/client.pem\n',
      problem:
        '9:14: clusters[0].pd.tls.key: "/etc/chatops/client.pem" holds no PEM private key (-----BEGIN PRIVATE KEY-----): it holds a certificate; is it the cert file?',
    },
    {
      name: 'a certificate that does not parse',
      tls: '        ca: broken.pem\n',
      problem: '8:13: clusters[0].pd.tls.ca: "broken.pem" the certificate does not parse (',
    },
    {
      name: 'a key that belongs to another certificate',
      tls: '        cert: client.pem\n        key: other-key.pem\n',
      problem:
        '9:14: clusters[0].pd.tls.key: does not match the certificate in cert ("CN=tikv-chatops"): is it the key of another certificate?',
    },
    {
      name: 'an encrypted key',
      tls: '        cert: client.pem\n        key: encrypted-key.pem\n',
      problem:
        '9:14: clusters[0].pd.tls.key: "encrypted-key.pem" holds an encrypted private key; give the key unencrypted, as pd-ctl needs it (no passphrase)',
    },
  ])('refuses $name at its line', ({ tls, problem }) => {
    const problems = problemsOf(withTls(tls));
    expect(problems).toHaveLength(1);
    expect(startOf(problems[0], `${FILE}:${problem}`)).toBe(`${FILE}:${problem}`);
  });

  it('refuses a TLS file it may not read', () => {
    const files = memoryFiles({ ...pem, [FILE]: withTls('        ca: ca.pem\n') });
    const denied: ReadFileSync = (path) => {
      if (path !== '/etc/chatops/ca.pem') return files(path);
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    };
    expect(problemsOf('', denied)).toEqual([
      `${FILE}:8:13: clusters[0].pd.tls.ca: "ca.pem" cannot be read (permission denied) (read as /etc/chatops/ca.pem)`,
    ]);
  });

  it('lists every problem at once, in file order, with the TLS files among them', () => {
    const yaml = `version: 1
clusters:
  - name: Prod
    production: true
    default_for_channels: [C0OPS]
    pd:
      endpoints: [https://pd-0:2379]
      tls:
        ca: nowhere/ca.pem
        cert: client.pem
  - name: staging
    production: maybe
    default_for_channels: [C0OPS]
    pd:
      endpoints: [http://pd-s:2379]
      timeouts: 5
`;
    expect(problemsOf(yaml)).toEqual([
      `${FILE}:3:11: clusters[0].name: a cluster name is 1–32 lowercase letters, digits or "-", starting with a letter (e.g. prod-east)`,
      `${FILE}:9:9: clusters[0].pd.tls.key: is missing: cert and key go together (the client certificate and its private key)`,
      `${FILE}:9:13: clusters[0].pd.tls.ca: "nowhere/ca.pem" does not exist (read as /etc/chatops/nowhere/ca.pem)`,
      `${FILE}:12:17: clusters[1].production: expected true or false, got the text "maybe"`,
      `${FILE}:13:28: clusters[1].default_for_channels[0]: "C0OPS" is already the default channel of cluster "Prod" (clusters[0]); a channel has at most one default cluster`,
      `${FILE}:16:7: clusters[1].pd.timeouts: unknown key "timeouts" (allowed keys: endpoints, tls, connect_timeout_ms, timeout_ms)`,
    ]);
  });

  it('says when the clusters file itself cannot be read', () => {
    expect(problemsOf('', memoryFiles({}))).toEqual([
      `${FILE}: cannot read the clusters file: ENOENT: no such file or directory, open '${FILE}'`,
    ]);
  });
});

describe('clusters.example.yaml', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is valid once its TLS files exist, read from the disk next to it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tikv-clusters-'));
    await mkdir(join(dir, 'tls/prod-east'), { recursive: true });
    await writeFile(join(dir, 'tls/prod-east/ca.pem'), pki.ca);
    await writeFile(join(dir, 'tls/prod-east/client.pem'), pki.client.cert);
    await writeFile(join(dir, 'tls/prod-east/client-key.pem'), pki.client.key);
    const file = join(dir, 'clusters.yaml');
    await writeFile(file, await readFile(EXAMPLE, 'utf8'));
    const result = loadClustersFile(file, {
      readFile: readFileSync,
      now: NOW,
      defaultTimeouts: DEFAULT_TIMEOUTS,
    });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(
      result.clusters.map((c) => [c.name, c.production, c.defaultForChannels, c.pd.endpoints.length]),
    ).toEqual([
      ['prod-east', true, ['C0PRODOPS'], 3],
      ['staging', false, ['C0STAGING', 'C0TIKVDEV'], 2],
    ]);
    expect(result.clusters[0]?.pd.tls?.key).toEqual({
      path: join(dir, 'tls/prod-east/client-key.pem'),
      pem: pki.client.key,
    });
    expect(result.clusters[0]?.pd).toMatchObject({ connectTimeoutMs: 5000, responseTimeoutMs: 15_000 });
  });

  it('names a missing TLS file and a folder given as a file, on the real disk', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tikv-clusters-'));
    try {
      const file = join(folder, 'clusters.yaml');
      await writeFile(
        file,
        withTls('        ca: .\n        cert: client.pem\n        key: client-key.pem\n'),
      );
      const result = loadClustersFile(file, {
        readFile: readFileSync,
        now: NOW,
        defaultTimeouts: DEFAULT_TIMEOUTS,
      });
      expect(result.ok ? [] : result.problems).toEqual([
        `${file}:8:13: clusters[0].pd.tls.ca: "." is a folder, not a file (read as ${folder})`,
        `${file}:9:15: clusters[0].pd.tls.cert: "client.pem" does not exist (read as ${join(folder, 'client.pem')})`,
        `${file}:10:14: clusters[0].pd.tls.key: "client-key.pem" does not exist (read as ${join(folder, 'client-key.pem')})`,
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
