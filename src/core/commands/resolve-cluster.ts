/** What choosing a cluster needs to know of one: its name and the channels it is the default for. */
export interface NamedCluster {
  readonly name: string;
  readonly defaultForChannels: readonly string[];
}

export interface ResolveClusterInput<C extends NamedCluster = NamedCluster> {
  readonly clusters: readonly C[];
  /** Where the command was typed; undefined outside Slack channels (the console, `exec`). */
  readonly channelId?: string;
  /** `--cluster NAME`, `-c NAME` or a form's choice; undefined when the caller named none. */
  readonly requested?: string;
}

/** How the cluster was chosen, for the decision's log line. */
export type ClusterChoice = 'requested' | 'channel_default' | 'only_cluster';

export type ClusterResolution<C extends NamedCluster = NamedCluster> =
  | { readonly ok: true; readonly cluster: C; readonly how: ClusterChoice }
  | {
      readonly ok: false;
      readonly code: 'UNKNOWN_CLUSTER';
      readonly requested: string;
      /** Every cluster name, in the file's order, for "use one of …". */
      readonly known: readonly string[];
    }
  | {
      readonly ok: false;
      readonly code: 'NO_DEFAULT';
      readonly channelId?: string;
      readonly known: readonly string[];
    };

/**
 * Which cluster a command acts on: the one asked for by name, else the channel's default, else the
 * only cluster there is. With several clusters and no default the answer is a refusal, never a
 * guess: a command sent to the wrong cluster is worse than one not sent.
 */
export function resolveCluster<C extends NamedCluster>({
  clusters,
  channelId,
  requested,
}: ResolveClusterInput<C>): ClusterResolution<C> {
  const known = clusters.map((c) => c.name);
  if (requested !== undefined) {
    // Names are lowercase slugs; `-c Prod-East` from a phone keyboard means the same cluster.
    const wanted = requested.trim().toLowerCase();
    const cluster = clusters.find((c) => c.name === wanted);
    return cluster !== undefined
      ? { ok: true, cluster, how: 'requested' }
      : { ok: false, code: 'UNKNOWN_CLUSTER', requested, known };
  }
  if (channelId !== undefined) {
    const cluster = clusters.find((c) => c.defaultForChannels.includes(channelId));
    if (cluster !== undefined) return { ok: true, cluster, how: 'channel_default' };
  }
  const [only, ...others] = clusters;
  if (only !== undefined && others.length === 0) return { ok: true, cluster: only, how: 'only_cluster' };
  return { ok: false, code: 'NO_DEFAULT', ...(channelId !== undefined && { channelId }), known };
}
