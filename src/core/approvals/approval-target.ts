import type { Target } from '../engine/outcome.js';
import type { Approval } from './approval-store.js';

/**
 * Cluster pinning: an approval runs against the cluster it was requested for, or nowhere. One stored
 * before clusters had names means the only cluster, and nothing when there are several.
 */
export function approvalCluster(approval: Approval, clusterNames: readonly string[]): string | undefined {
  if (approval.cluster !== undefined) return approval.cluster;
  const [only, ...others] = clusterNames;
  return others.length === 0 ? only : undefined;
}

/** Where an approval's messages say it is aimed, also when its cluster has left the configuration. */
export function approvalTarget(
  approval: Approval,
  clusterNames: readonly string[],
  targetOf: (cluster: string) => Target | undefined,
): { readonly target: Target; readonly configured: boolean } {
  const name = approvalCluster(approval, clusterNames);
  const target = name === undefined ? undefined : targetOf(name);
  if (target !== undefined) return { target, configured: true };
  // Named as stored, so an expiry can still be recorded and shown.
  return {
    target: { cluster: approval.cluster ?? '', production: false, endpoint: '', simulated: false },
    configured: false,
  };
}
