import type { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { certificateValidityWarnings } from './certificate-validity-warnings.js';
import type { ClusterConfig, ClusterTls, PemFile } from './cluster-config.js';
import { pdEndpointProblem } from './pd-endpoint-problem.js';
import { type PemKind, type ReadFileSync, readPemFile } from './read-pem-file.js';

export interface ClusterEnv {
  /** PD_ENDPOINTS as given: comma-separated URLs. */
  readonly endpoints: string;
  readonly cacert?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly connectTimeoutMs: number;
  readonly responseTimeoutMs: number;
  readonly readFile: ReadFileSync;
  readonly now: Date;
}

export type ClusterFromEnvResult =
  | { readonly ok: true; readonly cluster: ClusterConfig; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The cluster's name when PD_ENDPOINTS configures the only one. */
const ENV_CLUSTER_NAME = 'default';

const VARIABLE: Record<PemKind, string> = { ca: 'PD_CACERT', cert: 'PD_CERT', key: 'PD_KEY' };

/**
 * The single cluster of PD_ENDPOINTS (+ PD_CACERT, PD_CERT, PD_KEY), the setup from before
 * CLUSTERS_FILE. Not marked production: nothing says it is, and its messages stay as they were.
 * Problems name the variable, never its value, like the rest of the environment check.
 */
export function clusterFromEnv(env: ClusterEnv): ClusterFromEnvResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const endpoints = env.endpoints
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (endpoints.length === 0) problems.push('PD_ENDPOINTS has no URL');
  for (const problem of new Set(endpoints.map(pdEndpointProblem))) {
    if (problem !== undefined) problems.push(`each PD_ENDPOINTS entry ${problem}`);
  }
  const tlsGiven = env.cacert !== undefined || env.cert !== undefined || env.key !== undefined;
  if (tlsGiven && endpoints.some((u) => /^http:\/\//i.test(u))) {
    problems.push('PD_ENDPOINTS must all be https:// URLs when PD_CACERT, PD_CERT or PD_KEY is set');
  }
  if ((env.cert === undefined) !== (env.key === undefined)) {
    problems.push(
      `${env.cert === undefined ? 'PD_CERT' : 'PD_KEY'} is missing: PD_CERT and PD_KEY go together (the client certificate and its private key)`,
    );
  }
  const read = (kind: PemKind, path: string | undefined) => {
    if (path === undefined) return undefined;
    const result = readPemFile(resolve(path), kind, env.readFile);
    if (!result.ok) {
      problems.push(`${VARIABLE[kind]}: the file ${result.reason}`);
      return undefined;
    }
    const role = kind === 'ca' ? 'ca' : 'cert';
    for (const warning of certificateValidityWarnings(result.certificates, role, env.now)) {
      warnings.push(`${VARIABLE[kind]}: ${warning}`);
    }
    return result;
  };
  const ca = read('ca', env.cacert);
  const cert = read('cert', env.cert);
  const key = read('key', env.key);
  const leaf: X509Certificate | undefined = cert?.certificates[0];
  if (leaf !== undefined && key?.key !== undefined && !leaf.checkPrivateKey(key.key)) {
    problems.push('PD_KEY does not match the certificate in PD_CERT: is it the key of another certificate?');
  }
  if (problems.length > 0) return { ok: false, problems };
  const files: [keyof ClusterTls, PemFile | undefined][] = [
    ['ca', ca?.file],
    ['cert', cert?.file],
    ['key', key?.file],
  ];
  const tls: ClusterTls = Object.fromEntries(files.filter(([, file]) => file !== undefined));
  return {
    ok: true,
    warnings,
    cluster: {
      name: ENV_CLUSTER_NAME,
      production: false,
      defaultForChannels: [],
      pd: {
        endpoints: endpoints.map((u) => u.replace(/\/+$/, '')),
        ...(tlsGiven && { tls }),
        connectTimeoutMs: env.connectTimeoutMs,
        responseTimeoutMs: env.responseTimeoutMs,
      },
    },
  };
}
