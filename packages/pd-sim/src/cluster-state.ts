import type { OperatorController } from './operator-controller.js';
import type { RegionSnapshot } from './region-snapshot.js';
import type { RegionTable } from './region-table.js';
import type { SchedulerRegistry } from './scheduler-registry.js';
import type { SimClock } from './sim-clock.js';
import type { SimStore } from './sim-store.js';

/**
 * The part of SimCluster that its own parts use: the evict-leader scheduler, the operator builder and
 * the region JSON read and change the cluster through this, so SimCluster can own them without the
 * files importing each other in a circle.
 */
export interface ClusterState {
  readonly clock: SimClock;
  readonly regions: RegionTable;
  readonly operators: OperatorController;
  readonly schedulers: Pick<SchedulerRegistry, 'isPaused'>;
  store(id: number | bigint): SimStore | undefined;
  /** PD's ID allocator, shared by new peers. */
  allocId(): number;
  snapshotAt(index: number): RegionSnapshot;
}
