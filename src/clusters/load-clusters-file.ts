import { dirname, resolve } from 'node:path';
import { parseCheckedYaml } from '../config-file/parse-checked-yaml.js';
import { certificateValidityWarnings } from './certificate-validity-warnings.js';
import type { ClusterConfig } from './cluster-config.js';
import { buildClustersFileSchema, type ClustersFileContext } from './clusters-file-schema.js';
import type { ReadFileSync } from './read-pem-file.js';

export type ClustersLoadResult =
  | {
      readonly ok: true;
      readonly clusters: readonly ClusterConfig[];
      /** `file:line:column: field: what`, e.g. an expired certificate: logged, the bot still starts. */
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface LoadClustersOptions {
  readonly readFile: ReadFileSync;
  /** Certificates are judged valid or expired at this time. */
  readonly now: Date;
  readonly defaultTimeouts: ClustersFileContext['defaultTimeouts'];
}

/**
 * Reads and checks CLUSTERS_FILE and every TLS file it names. Synchronous: it runs once, at start,
 * before anything else exists, and the environment check that calls it is synchronous.
 */
export function loadClustersFile(path: string, options: LoadClustersOptions): ClustersLoadResult {
  let text: string;
  try {
    const content = options.readFile(path);
    text = typeof content === 'string' ? content : content.toString('utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`${path}: cannot read the clusters file: ${reason}`] };
  }
  const schema = buildClustersFileSchema({
    baseDir: dirname(resolve(path)),
    readFile: options.readFile,
    defaultTimeouts: options.defaultTimeouts,
  });
  const checked = parseCheckedYaml(text, path, schema, {
    emptyMessage: 'the clusters file is empty (expected version: 1 and clusters)',
  });
  if (!checked.ok) return checked;
  const warnings = checked.value.flatMap((cluster, index) =>
    cluster.certificates.flatMap(({ field, certificates }) =>
      certificateValidityWarnings(certificates, field, options.now).map((warning) =>
        checked.describeAt(['clusters', index, 'pd', 'tls', field], warning),
      ),
    ),
  );
  return { ok: true, clusters: checked.value.map((c) => c.config), warnings };
}
