import type { InputIssue } from './input-issue.js';
import type { ClusterResolution, NamedCluster } from './resolve-cluster.js';

/** `--cluster` named a cluster the bot does not have. */
export function unknownClusterIssue(requested: string, known: readonly string[]): InputIssue {
  return {
    code: 'UNKNOWN_CLUSTER',
    field: 'cluster',
    message: `unknown cluster "${requested}"; use one of ${known.join(', ')} (--cluster NAME): nothing was sent`,
    received: requested,
  };
}

/** Why no cluster could be chosen, as an input issue every front end already knows how to show. */
export function clusterResolutionIssue(
  resolution: Extract<ClusterResolution<NamedCluster>, { ok: false }>,
): InputIssue {
  if (resolution.code === 'UNKNOWN_CLUSTER')
    return unknownClusterIssue(resolution.requested, resolution.known);
  return {
    code: 'NO_DEFAULT_CLUSTER',
    field: 'cluster',
    message: `this bot acts on several clusters (${resolution.known.join(', ')}) and ${
      resolution.channelId !== undefined ? 'this channel has no default' : 'none was named'
    }; say which with --cluster NAME: nothing was sent`,
  };
}
