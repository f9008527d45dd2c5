import type { Subject } from '../../src/core/actions/subject.js';
import type { EngineCluster } from '../../src/core/engine/engine-cluster.js';

/** The engine's clusters for a test with one PD: a cluster named `default`, as PD_ENDPOINTS makes. */
export function oneCluster(
  subject: Subject,
  options: Partial<Omit<EngineCluster, 'subject'>> = {},
): EngineCluster[] {
  return [
    { name: 'default', production: false, simulated: false, defaultForChannels: [], ...options, subject },
  ];
}
