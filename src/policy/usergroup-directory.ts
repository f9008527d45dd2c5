import type { Clock } from '../core/engine/engine-clock.js';

export class UsergroupLookupError extends Error {
  readonly code = 'USERGROUP_LOOKUP_FAILED' as const;
  constructor(
    readonly groupId: string,
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`could not list the members of user group ${groupId}: ${reason}`, options);
    this.name = 'UsergroupLookupError';
  }
}

/** The cause of a UsergroupLookupError when Slack did not answer within the bound. */
export class UsergroupLookupTimeoutError extends Error {
  readonly code = 'USERGROUP_LOOKUP_TIMEOUT' as const;
  constructor(readonly timeoutMs: number) {
    super(`Slack did not answer within ${timeoutMs} ms`);
    this.name = 'UsergroupLookupTimeoutError';
  }
}

export interface UsergroupDirectoryOptions {
  /** Member user IDs of one group (Slack's usergroups.users.list). */
  readonly listMembers: (groupId: string) => Promise<readonly string[]>;
  readonly clock?: Pick<Clock, 'monotonic'>;
  /** How long a group's member list is trusted. Default 60 s. */
  readonly ttlMs?: number;
  /**
   * A lookup slower than this fails (and the request is denied) instead of keeping the user
   * waiting past Slack's patience; GROUP_LOOKUP_TIMEOUT_MS. Default: no bound.
   */
  readonly timeoutMs?: number;
}

export const DEFAULT_USERGROUP_TTL_MS = 60_000;

interface CacheEntry {
  readonly members: ReadonlySet<string>;
  readonly fetchedAt: number;
}

/**
 * Group membership for policy checks, cached briefly: a burst of commands costs one Slack call per
 * group, and a removal from a group takes effect within the TTL. Failures are never cached, so the
 * next command asks again instead of denying (or allowing) on stale data.
 */
export class UsergroupDirectory {
  readonly #listMembers: UsergroupDirectoryOptions['listMembers'];
  readonly #clock: Pick<Clock, 'monotonic'>;
  readonly #ttlMs: number;
  readonly #timeoutMs: number | undefined;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inFlight = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(options: UsergroupDirectoryOptions) {
    this.#listMembers = options.listMembers;
    this.#clock = options.clock ?? { monotonic: () => performance.now() };
    this.#ttlMs = options.ttlMs ?? DEFAULT_USERGROUP_TTL_MS;
    this.#timeoutMs = options.timeoutMs;
  }

  /**
   * The candidate groups (in their order) that `userId` belongs to. Rejects with
   * UsergroupLookupError if any candidate cannot be looked up: a partial answer could wrongly deny.
   */
  async groupsOf(userId: string, candidateGroupIds: readonly string[]): Promise<string[]> {
    const candidates = [...new Set(candidateGroupIds)];
    const memberships = await Promise.all(candidates.map((id) => this.members(id)));
    return candidates.filter((_, index) => memberships[index]?.has(userId));
  }

  /** Members of one group, from the cache when fresh; concurrent callers share one lookup. */
  members(groupId: string): Promise<ReadonlySet<string>> {
    const cached = this.#cache.get(groupId);
    if (cached !== undefined && this.#clock.monotonic() - cached.fetchedAt < this.#ttlMs) {
      return Promise.resolve(cached.members);
    }
    const pending = this.#inFlight.get(groupId);
    if (pending !== undefined) return pending;
    // Deferred a tick so `lookup` exists before the callbacks below compare against it.
    const lookup: Promise<ReadonlySet<string>> = Promise.resolve()
      .then(() => this.#bounded(this.#listMembers(groupId)))
      .then(
        (list) => {
          const members = new Set(list);
          // An invalidate() while this lookup was on its way means its answer may be stale.
          if (this.#inFlight.get(groupId) === lookup) {
            this.#inFlight.delete(groupId);
            this.#cache.set(groupId, { members, fetchedAt: this.#clock.monotonic() });
          }
          return members;
        },
        (cause: unknown) => {
          if (this.#inFlight.get(groupId) === lookup) this.#inFlight.delete(groupId);
          throw new UsergroupLookupError(groupId, { cause });
        },
      );
    this.#inFlight.set(groupId, lookup);
    return lookup;
  }

  #bounded<T>(lookup: Promise<T>): Promise<T> {
    const timeoutMs = this.#timeoutMs;
    if (timeoutMs === undefined) return lookup;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UsergroupLookupTimeoutError(timeoutMs)), timeoutMs);
    });
    // The abandoned lookup may still fail later; nobody is listening to it any more.
    lookup.catch(() => {});
    return Promise.race([lookup, expired]).finally(() => clearTimeout(timer));
  }

  /** Forget one group (or all), e.g. on a Slack `subteam_members_changed` event. */
  invalidate(groupId?: string): void {
    if (groupId === undefined) {
      this.#cache.clear();
      this.#inFlight.clear();
    } else {
      this.#cache.delete(groupId);
      this.#inFlight.delete(groupId);
    }
  }
}
