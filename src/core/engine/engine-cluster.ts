import type { Subject } from '../actions/subject.js';

/**
 * One cluster as the engine knows it: what messages say about it, and the subject (with its own PD
 * transport) that acts on it. A composition root builds one per configured cluster.
 */
export interface ClusterDescriptor {
  /** A slug (`prod-east`): typed in `--cluster`, shown in every message, log line and audit record. */
  readonly name: string;
  readonly description?: string;
  /** Production clusters are marked visibly wherever the cluster is named. */
  readonly production: boolean;
  /** True when PD is the bundled simulator (the demo's); every message about it then says so. */
  readonly simulated: boolean;
  /** Channels where a command without `--cluster` goes to this cluster. */
  readonly defaultForChannels: readonly string[];
}

export interface EngineCluster extends ClusterDescriptor {
  readonly subject: Subject;
}
