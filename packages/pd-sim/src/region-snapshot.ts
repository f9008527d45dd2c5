import type { RegionPeer } from './region-table.js';

/** A copy of one region's state, for tests and rendering. */
export interface RegionSnapshot {
  readonly id: number;
  readonly startKey: string;
  readonly endKey: string;
  readonly confVer: number;
  readonly version: number;
  readonly peers: readonly RegionPeer[];
  readonly leaderStoreId: number | undefined;
  readonly approximateSize: number;
  readonly approximateKeys: number;
}
