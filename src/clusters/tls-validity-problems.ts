import { X509Certificate } from 'node:crypto';
import { certificateValidityWarnings } from './certificate-validity-warnings.js';
import type { ClusterConfig } from './cluster-config.js';

/**
 * The cluster's CA and client certificates that are outside their validity period now, as
 * `cert /path: the certificate … expired on …`. PD refusing an expired client certificate often
 * shows only as a closed connection, so the start-up probe names the likely cause with this.
 */
export function tlsValidityProblems(cluster: ClusterConfig, now: Date): string[] {
  const tls = cluster.pd.tls;
  if (tls === undefined) return [];
  const problems: string[] = [];
  for (const role of ['ca', 'cert'] as const) {
    const file = tls[role];
    if (file === undefined) continue;
    let certificates: X509Certificate[];
    try {
      certificates = splitPem(file.pem).map((pem) => new X509Certificate(pem));
    } catch {
      // The clusters file loader already checked these; an unreadable one is its error, not ours.
      continue;
    }
    for (const warning of certificateValidityWarnings(certificates, role, now)) {
      problems.push(`${role} ${file.path}: ${warning}`);
    }
  }
  return problems;
}

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
