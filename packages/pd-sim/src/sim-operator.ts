/**
 * Operator kinds the simulator creates, with PD master's OpKind bits (pd-api.md §2.1; master added
 * `affinity` at bit 1, so region = 128 and leader = 256, where v8.x has 64 and 128). String() prints
 * the names in bit order, e.g. `admin,region,leader` (= 385 in the `?object` form).
 */
export const OP_KIND_BITS = { admin: 1, region: 128, leader: 256 } as const;
export type OpKindName = keyof typeof OP_KIND_BITS;

/** pdpb.OperatorStatus names as GET /operators/{id} prints them. */
export type OpStatus = 'RUNNING' | 'SUCCESS' | 'CANCEL' | 'REPLACE' | 'TIMEOUT';

/** OpStatus numbers of the `?object` form: 1 STARTED, 2 SUCCESS, 3 CANCELED, 4 REPLACED, 6 TIMEOUT. */
export const OP_STATUS_NUMBER: Record<OpStatus, number> = {
  RUNNING: 1,
  SUCCESS: 2,
  CANCEL: 3,
  REPLACE: 4,
  TIMEOUT: 6,
};

export interface PeerRef {
  readonly peerId: number;
  readonly storeId: number;
}

export type OpStep =
  | { readonly type: 'transfer-leader'; readonly fromStoreId: number; readonly toStoreId: number }
  | { readonly type: 'add-learner'; readonly peer: PeerRef }
  | { readonly type: 'promote-learner'; readonly peer: PeerRef }
  | {
      readonly type: 'enter-joint';
      readonly promote: readonly PeerRef[];
      readonly demote: readonly PeerRef[];
    }
  | {
      readonly type: 'leave-joint';
      readonly promote: readonly PeerRef[];
      readonly demote: readonly PeerRef[];
    }
  | { readonly type: 'remove-peer'; readonly storeId: number };

export interface SimOperatorInit {
  readonly desc: string;
  readonly brief: string;
  readonly kinds: readonly OpKindName[];
  readonly regionId: number;
  readonly regionIndex: number;
  readonly epochVersion: number;
  readonly epochConfVer: number;
  readonly size: number;
  readonly steps: readonly OpStep[];
  /** Simulated time each step takes to apply. */
  readonly stepMs: number;
  /** Admin and evict-leader operators are Urgent: they refuse to replace each other. */
  readonly urgent: boolean;
}

/** One operator: immutable plan plus its progress. */
export class SimOperator {
  readonly desc: string;
  readonly brief: string;
  readonly kinds: readonly OpKindName[];
  readonly regionId: number;
  readonly regionIndex: number;
  readonly epochVersion: number;
  readonly epochConfVer: number;
  readonly size: number;
  readonly steps: readonly OpStep[];
  readonly stepMs: number;
  readonly urgent: boolean;
  readonly timeoutNs: bigint;
  createdAtNs = 0;
  startedAtNs: number | undefined;
  finishedAtNs: number | undefined;
  currentStep = 0;
  status: OpStatus = 'RUNNING';

  constructor(init: SimOperatorInit) {
    this.desc = init.desc;
    this.brief = init.brief;
    this.kinds = [...init.kinds].sort((a, b) => OP_KIND_BITS[a] - OP_KIND_BITS[b]);
    this.regionId = init.regionId;
    this.regionIndex = init.regionIndex;
    this.epochVersion = init.epochVersion;
    this.epochConfVer = init.epochConfVer;
    this.size = init.size;
    this.steps = init.steps;
    this.stepMs = init.stepMs;
    this.urgent = init.urgent;
    this.timeoutNs = init.steps.reduce((sum, step) => sum + stepTimeoutNs(step, init.size), 0n);
  }

  get kindBits(): number {
    return this.kinds.reduce((bits, kind) => bits | OP_KIND_BITS[kind], 0);
  }

  get finished(): boolean {
    return this.finishedAtNs !== undefined;
  }

  hasKind(kind: OpKindName): boolean {
    return this.kinds.includes(kind);
  }
}

const MINUTE_NS = 60_000_000_000n;

/**
 * Rough version of PD's per-step timeouts: leader and role changes are fast steps (1 min); adding a
 * peer waits for a snapshot, so it gets the slow 10 min plus a little per MiB of region size.
 */
function stepTimeoutNs(step: OpStep, sizeMib: number): bigint {
  if (step.type === 'add-learner') return 10n * MINUTE_NS + BigInt(sizeMib) * 100_000_000n;
  return MINUTE_NS;
}
