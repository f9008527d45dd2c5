import type { ClusterConfig } from '../clusters/cluster-config.js';
import { clusterFromEnv } from '../clusters/cluster-from-env.js';
import { loadClustersFile } from '../clusters/load-clusters-file.js';
import type { ReadFileSync } from '../clusters/read-pem-file.js';

export interface ClusterSourceInput {
  /** The environment with empty variables already dropped. */
  readonly env: Readonly<Record<string, string>>;
  readonly defaultTimeouts: { readonly connectTimeoutMs: number; readonly responseTimeoutMs: number };
  readonly readFile: ReadFileSync;
  readonly now: Date;
}

export type ClusterSource =
  | {
      readonly ok: true;
      readonly clusters: readonly ClusterConfig[];
      readonly warnings: readonly string[];
      readonly clustersFile?: string;
    }
  | { readonly ok: false; readonly problems: readonly string[] };

const ENV_TLS = ['PD_CACERT', 'PD_CERT', 'PD_KEY'] as const;

/** The variables read here, for the list of every variable the bot reads. */
export const CLUSTER_ENV_NAMES = ['CLUSTERS_FILE', 'PD_ENDPOINTS', ...ENV_TLS] as const;

/**
 * The clusters, from CLUSTERS_FILE or from PD_ENDPOINTS (+ PD_CACERT, PD_CERT, PD_KEY) — exactly
 * one of the two, so no one wonders which endpoints a command went to.
 */
export function readClusterSource({
  env,
  defaultTimeouts,
  readFile,
  now,
}: ClusterSourceInput): ClusterSource {
  const file = env.CLUSTERS_FILE?.trim();
  if (file !== undefined) {
    const conflicts = (['PD_ENDPOINTS', ...ENV_TLS] as const).filter((name) => env[name] !== undefined);
    if (conflicts.length > 0) {
      return {
        ok: false,
        problems: [
          `CLUSTERS_FILE and ${conflicts.join(', ')} are both set: drop ${conflicts.join(', ')} (the clusters file names every cluster's PD endpoints and TLS files)`,
        ],
      };
    }
    const loaded = loadClustersFile(file, { readFile, now, defaultTimeouts });
    return loaded.ok ? { ...loaded, clustersFile: file } : loaded;
  }
  if (env.PD_ENDPOINTS === undefined) {
    return {
      ok: false,
      problems: [
        'PD_ENDPOINTS is missing (comma-separated PD URLs, e.g. http://pd-0:2379; or set CLUSTERS_FILE to name several clusters)',
      ],
    };
  }
  const result = clusterFromEnv({
    endpoints: env.PD_ENDPOINTS,
    ...(env.PD_CACERT !== undefined && { cacert: env.PD_CACERT }),
    ...(env.PD_CERT !== undefined && { cert: env.PD_CERT }),
    ...(env.PD_KEY !== undefined && { key: env.PD_KEY }),
    ...defaultTimeouts,
    readFile,
    now,
  });
  return result.ok ? { ok: true, clusters: [result.cluster], warnings: result.warnings } : result;
}
