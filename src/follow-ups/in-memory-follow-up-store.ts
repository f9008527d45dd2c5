import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/engine/engine-clock.js';
import type {
  FollowUp,
  FollowUpLease,
  FollowUpPatch,
  FollowUpState,
  FollowUpStore,
  NewFollowUp,
} from '../core/follow-ups/follow-up-store.js';

export interface InMemoryFollowUpStoreOptions {
  readonly clock?: Pick<Clock, 'now'>;
  readonly newId?: () => string;
  /** Ended follow-ups kept for listRecent (default 200): memory stays bounded however long the bot runs. */
  readonly keepEnded?: number;
  /**
   * Tests only: several bots sharing this one object stand for a shared store (Redis), so it says it
   * outlives a bot. Default false: a real process's memory dies with it.
   */
  readonly durable?: boolean;
}

const ACTIVE: readonly FollowUpState[] = ['following', 'stalled'];

/** following ⇄ stalled, and either → an end; an end is final. */
function allowed(from: FollowUpState, to: FollowUpState): boolean {
  return ACTIVE.includes(from) && from !== to;
}

/**
 * Single-process store. Each check-and-set runs without an `await` in between, so on Node's single
 * thread two concurrent transitions (or claims) from the same value cannot both succeed.
 */
export class InMemoryFollowUpStore implements FollowUpStore {
  readonly #byId = new Map<string, FollowUp>();
  readonly #ended: string[] = [];
  readonly #clock: Pick<Clock, 'now'>;
  readonly #newId: () => string;
  readonly #keepEnded: number;
  readonly durable: boolean;

  constructor(options: InMemoryFollowUpStoreOptions = {}) {
    this.durable = options.durable ?? false;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#newId = options.newId ?? randomUUID;
    this.#keepEnded = options.keepEnded ?? 200;
  }

  async create(followUp: NewFollowUp): Promise<FollowUp> {
    const id = this.#newId();
    if (this.#byId.has(id)) throw new Error(`follow-up id ${id} is already in use`);
    const created = freeze({
      ...followUp,
      params: { ...followUp.params },
      id,
      state: 'following',
      updatedAt: followUp.startedAt,
    });
    this.#byId.set(id, created);
    return created;
  }

  async get(id: string): Promise<FollowUp | undefined> {
    return this.#byId.get(id);
  }

  async transition(
    id: string,
    from: FollowUpState,
    to: FollowUpState,
    patch: FollowUpPatch = {},
  ): Promise<FollowUp | undefined> {
    const current = this.#byId.get(id);
    if (current === undefined || current.state !== from || !allowed(from, to)) return undefined;
    const next = freeze({ ...current, ...patch, state: to, updatedAt: patch.updatedAt ?? this.#clock.now() });
    this.#byId.set(id, next);
    if (!ACTIVE.includes(to)) this.#remember(id);
    return next;
  }

  async update(id: string, patch: FollowUpPatch): Promise<FollowUp | undefined> {
    const current = this.#byId.get(id);
    if (current === undefined) return undefined;
    const message = patch.message === undefined ? current.message : { ...current.message, ...patch.message };
    const next = freeze({
      ...current,
      ...patch,
      ...(message !== undefined && { message }),
      updatedAt: patch.updatedAt ?? this.#clock.now(),
    });
    this.#byId.set(id, next);
    return next;
  }

  async claim(
    id: string,
    from: string | undefined,
    to: string | undefined,
    lease?: FollowUpLease,
  ): Promise<FollowUp | undefined> {
    const current = this.#byId.get(id);
    if (current === undefined || current.owner !== from || !ACTIVE.includes(current.state)) return undefined;
    const expiredBy = lease?.expiredBy;
    if (expiredBy !== undefined && current.leaseUntil !== undefined && current.leaseUntil > expiredBy) {
      return undefined;
    }
    const { owner: _owner, leaseUntil: _lease, ...rest } = current;
    const next = freeze({
      ...rest,
      ...(to !== undefined && { owner: to }),
      ...(to !== undefined && lease !== undefined && { leaseUntil: lease.until }),
    });
    this.#byId.set(id, next);
    return next;
  }

  async listActive(): Promise<FollowUp[]> {
    return [...this.#byId.values()].filter((f) => ACTIVE.includes(f.state));
  }

  async listRecent(limit: number): Promise<FollowUp[]> {
    return [...this.#byId.values()]
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
      .slice(0, Math.max(0, limit));
  }

  #remember(id: string): void {
    this.#ended.push(id);
    while (this.#ended.length > this.#keepEnded) {
      const oldest = this.#ended.shift();
      if (oldest !== undefined) this.#byId.delete(oldest);
    }
  }
}

function freeze(followUp: FollowUp): FollowUp {
  return Object.freeze(followUp);
}
