import { PeerRole, type RegionTable } from './region-table.js';
import type { SimClock } from './sim-clock.js';
import type { OpStatus, OpStep, SimOperator } from './sim-operator.js';
import type { SimStore } from './sim-store.js';

/** operatorStatusRemainTime: finished operators stay visible for 10 minutes. */
export const RECORD_TTL_MS = 10 * 60_000;

interface ControllerDeps {
  readonly clock: SimClock;
  readonly regions: RegionTable;
  readonly store: (id: number) => SimStore | undefined;
}

type StepCheck = 'ok' | 'wait' | 'stale';

/**
 * Runs operators against the region table on simulated time: each step takes op.stepMs, then
 * really changes peers or the leader. Finished operators (SUCCESS, CANCEL, TIMEOUT, REPLACE) are
 * kept as records for 10 simulated minutes, like PD's opRecords.
 */
export class OperatorController {
  readonly #deps: ControllerDeps;
  readonly #running = new Map<number, SimOperator>();
  readonly #records = new Map<number, SimOperator>();
  /** Finished operators in finish order, for /operators/records; entries before #historyHead expired. */
  #history: SimOperator[] = [];
  #historyHead = 0;
  #seq = 0;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
  }

  /** In-flight operators in creation order. */
  running(): SimOperator[] {
    return [...this.#running.values()];
  }

  runningOn(regionIndex: number): SimOperator | undefined {
    return this.#running.get(regionIndex);
  }

  /** The in-flight operator, else the record of the last finished one (if younger than 10 min). */
  statusOf(regionIndex: number): SimOperator | undefined {
    const running = this.#running.get(regionIndex);
    if (running) return running;
    const record = this.#records.get(regionIndex);
    if (record === undefined) return undefined;
    if (this.#expired(record)) {
      this.#records.delete(regionIndex);
      return undefined;
    }
    return record;
  }

  /** Finished operators younger than 10 min, optionally only those finished at or after `fromWallMs`. */
  records(fromWallMs?: number): SimOperator[] {
    this.#pruneHistory();
    const live = this.#history.slice(this.#historyHead);
    if (fromWallMs === undefined) return live;
    const fromNs = (fromWallMs - this.#deps.clock.startWallMs) * 1e6;
    return live.filter((op) => (op.finishedAtNs ?? 0) >= fromNs);
  }

  /**
   * AddOperator: refuses when an Urgent operator already runs on the region. A refused admin
   * operator is still buried as CANCEL, which is why PD can later show `status: CANCEL` for it.
   */
  add(op: SimOperator, options: { recordRejection: boolean }): boolean {
    const now = this.#deps.clock.elapsedNs;
    op.createdAtNs = now;
    const existing = this.#running.get(op.regionIndex);
    if (existing !== undefined) {
      if (existing.urgent || !op.urgent) {
        if (options.recordRejection) this.#finish(op, 'CANCEL');
        return false;
      }
      this.#stop(existing, 'REPLACE');
    }
    this.#seq++;
    // PD starts admin operators right away; the few microseconds keep createAt and startAt apart.
    op.startedAtNs = now + 1_000 * (150 + (this.#seq % 250));
    this.#running.set(op.regionIndex, op);
    this.#schedule(op);
    return true;
  }

  /** DELETE /operators/{id}: ends the in-flight operator as CANCEL. */
  cancel(regionIndex: number): boolean {
    const op = this.#running.get(regionIndex);
    if (op === undefined) return false;
    this.#stop(op, 'CANCEL');
    return true;
  }

  cancelAll(): void {
    for (const op of [...this.#running.values()]) this.#stop(op, 'CANCEL');
  }

  #expired(op: SimOperator): boolean {
    const finished = op.finishedAtNs ?? op.createdAtNs;
    return this.#deps.clock.elapsedNs - finished > RECORD_TTL_MS * 1e6;
  }

  #schedule(op: SimOperator): void {
    this.#deps.clock.setTimeout(() => this.#runStep(op), op.stepMs);
  }

  #runStep(op: SimOperator): void {
    if (this.#running.get(op.regionIndex) !== op) return;
    const step = op.steps[op.currentStep];
    if (step === undefined) {
      this.#stop(op, 'SUCCESS');
      return;
    }
    const check = this.#check(op, step);
    if (check === 'stale') {
      this.#stop(op, 'CANCEL');
      return;
    }
    if (check === 'wait') {
      const age = BigInt(this.#deps.clock.elapsedNs - (op.startedAtNs ?? op.createdAtNs));
      if (age >= op.timeoutNs) this.#stop(op, 'TIMEOUT');
      else this.#schedule(op);
      return;
    }
    this.#apply(op.regionIndex, step);
    op.currentStep++;
    if (op.currentStep >= op.steps.length) this.#stop(op, 'SUCCESS');
    else this.#schedule(op);
  }

  #check(op: SimOperator, step: OpStep): StepCheck {
    const { regions } = this.#deps;
    const reachable = (storeId: number): boolean => this.#deps.store(storeId)?.isReachable() ?? false;
    const r = op.regionIndex;
    switch (step.type) {
      case 'transfer-leader': {
        const target = regions.peerOnStore(r, step.toStoreId);
        if (target === undefined || target.role === PeerRole.Learner) return 'stale';
        if (regions.leaderStoreId(r) !== step.fromStoreId) return 'stale';
        return reachable(step.toStoreId) ? 'ok' : 'wait';
      }
      case 'add-learner': {
        const store = this.#deps.store(step.peer.storeId);
        if (store === undefined || store.state === 'Tombstone') return 'stale';
        if (regions.slotOf(r, step.peer.storeId) >= 0) return 'stale';
        return reachable(step.peer.storeId) ? 'ok' : 'wait';
      }
      case 'promote-learner':
        return regions.slotOf(r, step.peer.storeId) >= 0 ? 'ok' : 'stale';
      case 'enter-joint':
      case 'leave-joint':
        return [...step.promote, ...step.demote].every((p) => regions.slotOf(r, p.storeId) >= 0)
          ? 'ok'
          : 'stale';
      case 'remove-peer':
        return regions.leaderStoreId(r) === step.storeId ? 'stale' : 'ok';
    }
  }

  #apply(r: number, step: OpStep): void {
    const { regions } = this.#deps;
    const bumpConfVer = (by: number): void => {
      regions.confVer[r] = (regions.confVer[r] ?? 0) + by;
    };
    switch (step.type) {
      case 'transfer-leader':
        regions.setLeader(r, step.toStoreId);
        return;
      case 'add-learner':
        regions.addPeer(r, { id: step.peer.peerId, storeId: step.peer.storeId, role: PeerRole.Learner });
        bumpConfVer(1);
        return;
      case 'promote-learner':
        regions.setRole(r, step.peer.storeId, PeerRole.Voter);
        bumpConfVer(1);
        return;
      case 'enter-joint': {
        // One change alone is a simple conf change in TiKV (PD builds no leave step for it).
        const simple = step.promote.length + step.demote.length === 1;
        for (const p of step.promote)
          regions.setRole(r, p.storeId, simple ? PeerRole.Voter : PeerRole.IncomingVoter);
        for (const p of step.demote)
          regions.setRole(r, p.storeId, simple ? PeerRole.Learner : PeerRole.DemotingVoter);
        bumpConfVer(step.promote.length + step.demote.length);
        return;
      }
      case 'leave-joint':
        for (const p of step.promote) regions.setRole(r, p.storeId, PeerRole.Voter);
        for (const p of step.demote) regions.setRole(r, p.storeId, PeerRole.Learner);
        bumpConfVer(step.promote.length + step.demote.length);
        return;
      case 'remove-peer':
        if (regions.slotOf(r, step.storeId) >= 0) {
          regions.removePeer(r, step.storeId);
          bumpConfVer(1);
        }
        return;
    }
  }

  #stop(op: SimOperator, status: OpStatus): void {
    if (this.#running.get(op.regionIndex) === op) this.#running.delete(op.regionIndex);
    this.#finish(op, status);
  }

  #finish(op: SimOperator, status: OpStatus): void {
    op.status = status;
    op.finishedAtNs = this.#deps.clock.elapsedNs;
    this.#records.set(op.regionIndex, op);
    this.#history.push(op);
    this.#pruneHistory();
  }

  #pruneHistory(): void {
    while (
      this.#historyHead < this.#history.length &&
      this.#expired(this.#history[this.#historyHead] as SimOperator)
    ) {
      this.#historyHead++;
    }
    // Compact now and then so a long drain does not keep every finished operator alive.
    if (this.#historyHead > 1024 && this.#historyHead * 2 > this.#history.length) {
      this.#history = this.#history.slice(this.#historyHead);
      this.#historyHead = 0;
    }
  }
}
