import { randomUUID } from 'node:crypto';
import {
  type Approval,
  type ApprovalMessageRef,
  type ApprovalPatch,
  type ApprovalState,
  type ApprovalStore,
  assertTransition,
  type NewApproval,
  type UndoOrigin,
} from '../core/approvals/approval-store.js';
import type { Clock } from '../core/engine/engine-clock.js';

export interface InMemoryApprovalStoreOptions {
  readonly clock?: Pick<Clock, 'now'>;
  readonly newId?: () => string;
  /** Approvals are forgotten this long after they expire (default one day), bounding memory. */
  readonly retainMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Single-process store. Each check-and-set runs without an `await` in between, so on Node's single
 * thread two concurrent transitions from the same state cannot both succeed.
 */
export class InMemoryApprovalStore implements ApprovalStore {
  readonly #byId = new Map<string, Approval>();
  readonly #clock: Pick<Clock, 'now'>;
  readonly #newId: () => string;
  readonly #retainMs: number;

  constructor(options: InMemoryApprovalStoreOptions = {}) {
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#newId = options.newId ?? randomUUID;
    this.#retainMs = options.retainMs ?? DAY_MS;
  }

  async create(request: NewApproval): Promise<Approval> {
    this.#prune();
    const id = this.#newId();
    if (this.#byId.has(id)) throw new Error(`approval id ${id} is already in use`);
    const approval = freeze({ ...request, params: { ...request.params }, id, state: 'pending' });
    this.#byId.set(id, approval);
    return approval;
  }

  async get(id: string): Promise<Approval | undefined> {
    return this.#byId.get(id);
  }

  async transition(
    id: string,
    from: ApprovalState,
    to: ApprovalState,
    patch: ApprovalPatch = {},
  ): Promise<Approval | undefined> {
    assertTransition(from, to);
    const current = this.#byId.get(id);
    if (current === undefined || current.state !== from) return undefined;
    const next = freeze({ ...current, ...patch, state: to });
    this.#byId.set(id, next);
    return next;
  }

  async setMessage(id: string, message: ApprovalMessageRef): Promise<Approval | undefined> {
    const current = this.#byId.get(id);
    if (current === undefined) return undefined;
    const next = freeze({ ...current, message: { ...current.message, ...message } });
    this.#byId.set(id, next);
    return next;
  }

  async setUndoOrigin(id: string, origin: UndoOrigin): Promise<Approval | undefined> {
    const current = this.#byId.get(id);
    if (current === undefined) return undefined;
    const next = freeze({ ...current, undoOrigin: origin });
    this.#byId.set(id, next);
    return next;
  }

  async listPending(): Promise<Approval[]> {
    return [...this.#byId.values()].filter((a) => a.state === 'pending');
  }

  async listApproved(): Promise<Approval[]> {
    return [...this.#byId.values()].filter((a) => a.state === 'approved');
  }

  #prune(): void {
    const cutoff = this.#clock.now().getTime() - this.#retainMs;
    for (const [id, approval] of this.#byId) {
      if (approval.expiresAt.getTime() < cutoff) this.#byId.delete(id);
    }
  }
}

// Callers get the stored object itself; freezing keeps them from changing it behind the store's back.
function freeze(approval: Approval): Approval {
  Object.freeze(approval.params);
  if (approval.message !== undefined) Object.freeze(approval.message);
  return Object.freeze(approval);
}
