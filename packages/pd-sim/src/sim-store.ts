export type StoreMetaState = 'Up' | 'Offline' | 'Tombstone';
export type StoreStateName = StoreMetaState | 'Disconnected' | 'Down';

export interface StoreLabel {
  readonly key: string;
  readonly value: string;
}

export interface SimStoreInit {
  readonly id: number;
  readonly address: string;
  readonly statusAddress: string;
  readonly labels: readonly StoreLabel[];
  readonly version: string;
  readonly gitHash: string;
  readonly deployPath: string;
  readonly tiflash: boolean;
  readonly state: StoreMetaState;
  readonly startWallMs: number;
  /** Wall ms of the last heartbeat for a store that stopped sending them; undefined while alive. */
  readonly heartbeatStoppedAtWallMs?: number;
  readonly capacityBytes: number;
}

/** PD's thresholds (server config defaults) for relabelling an Up store. */
export const DISCONNECTED_AFTER_MS = 20_000;
export const UNHEALTHY_AFTER_MS = 10 * 60_000;
export const DOWN_AFTER_MS = 30 * 60_000;
const HEARTBEAT_INTERVAL_MS = 10_000;

/** One store as PD knows it: metadata plus liveness. Region counts live in the region table. */
export class SimStore {
  readonly id: number;
  readonly address: string;
  readonly statusAddress: string;
  readonly labels: readonly StoreLabel[];
  readonly version: string;
  readonly gitHash: string;
  readonly deployPath: string;
  readonly tiflash: boolean;
  readonly capacityBytes: number;
  state: StoreMetaState;
  startWallMs: number;
  heartbeatStoppedAtWallMs: number | undefined;
  /** Set by evict-leader-scheduler (PauseLeaderTransfer In). */
  pauseLeaderTransferIn = false;

  constructor(init: SimStoreInit) {
    this.id = init.id;
    this.address = init.address;
    this.statusAddress = init.statusAddress;
    this.labels = init.labels;
    this.version = init.version;
    this.gitHash = init.gitHash;
    this.deployPath = init.deployPath;
    this.tiflash = init.tiflash;
    this.capacityBytes = init.capacityBytes;
    this.state = init.state;
    this.startWallMs = init.startWallMs;
    this.heartbeatStoppedAtWallMs = init.heartbeatStoppedAtWallMs;
  }

  /** Live stores heartbeat every 10 s; the phase is per store so their timestamps differ. */
  lastHeartbeatWallMs(nowWallMs: number): number {
    if (this.heartbeatStoppedAtWallMs !== undefined) return this.heartbeatStoppedAtWallMs;
    const phase = (this.id * 1_733) % HEARTBEAT_INTERVAL_MS;
    const sinceStart = Math.max(0, nowWallMs - this.startWallMs);
    return nowWallMs - ((sinceStart + phase) % HEARTBEAT_INTERVAL_MS);
  }

  silenceMs(nowWallMs: number): number {
    return nowWallMs - this.lastHeartbeatWallMs(nowWallMs);
  }

  /** state_name: Offline and Tombstone are never relabelled; Up becomes Disconnected, then Down. */
  stateName(nowWallMs: number): StoreStateName {
    if (this.state !== 'Up') return this.state;
    const silence = this.silenceMs(nowWallMs);
    if (silence > DOWN_AFTER_MS) return 'Down';
    if (silence > DISCONNECTED_AFTER_MS) return 'Disconnected';
    return 'Up';
  }

  /** checkStoreState's IsUnhealthy: no heartbeat for more than 10 minutes. */
  isUnhealthy(nowWallMs: number): boolean {
    return this.silenceMs(nowWallMs) > UNHEALTHY_AFTER_MS;
  }

  /** StoreStateFilter for a leader target (Tombstone, Offline, Down, Disconnected, paused). */
  acceptsLeader(nowWallMs: number): boolean {
    return !this.tiflash && !this.pauseLeaderTransferIn && this.stateName(nowWallMs) === 'Up';
  }

  /**
   * Able to apply raft changes: a store that stopped heartbeating is treated as dead at once, even
   * though PD only relabels it Disconnected 20 s later.
   */
  isReachable(): boolean {
    return this.state !== 'Tombstone' && this.heartbeatStoppedAtWallMs === undefined;
  }

  /** metapb.StoreState number; omitted from JSON when 0 (Up). */
  get stateNumber(): number {
    return this.state === 'Up' ? 0 : this.state === 'Offline' ? 1 : 2;
  }

  /** metapb.NodeState: 1 Serving, 2 Removing, 3 Removed. */
  get nodeStateNumber(): number {
    return this.state === 'Up' ? 1 : this.state === 'Offline' ? 2 : 3;
  }
}
