import type { Logger } from 'pino';
import type { Clock } from '../engine/engine-clock.js';
import type { FollowUpTimers } from './follow-up-ports.js';
import type { FollowUp, FollowUpStore } from './follow-up-store.js';

export interface FollowUpLeasesDeps {
  readonly store: FollowUpStore;
  readonly clock: Pick<Clock, 'now'>;
  readonly timers: FollowUpTimers;
  readonly logger: Logger;
  readonly owner: string;
  /** How long a claim holds unrenewed; renewed every third of it. */
  readonly leaseMs: number;
  /** Follow-up ids this bot polls now. */
  readonly tracked: () => Iterable<string>;
  /** Stop polling one this bot no longer owns (another replica took it over). */
  readonly drop: (id: string) => void;
  /** Start polling one this bot just claimed. */
  readonly adopt: (claimed: FollowUp, takenFrom: string | undefined) => Promise<void>;
  /** Runs a round so idle() waits for it (the service's busy counter). */
  readonly run: (round: () => Promise<void>) => Promise<void>;
}

/**
 * Keeps this replica's claim on the follow-ups it polls alive, and takes over those of a replica
 * that stopped renewing (it died) or released them (it shut down). A shared store only: with
 * several replicas each follow-up is polled by one of them, and by another once that one is gone.
 */
export class FollowUpLeases {
  readonly #deps: FollowUpLeasesDeps;
  /** When each of our claims lapses unless renewed: past it, we stop polling even if Redis is down. */
  readonly #until = new Map<string, number>();
  #timer: unknown;
  #stopped = false;

  constructor(deps: FollowUpLeasesDeps) {
    this.#deps = deps;
  }

  /** The lease a claim made now should carry. */
  lease(expiredBy?: Date): { until: Date; expiredBy?: Date } {
    const until = new Date(this.#deps.clock.now().getTime() + this.#deps.leaseMs);
    return { until, ...(expiredBy !== undefined && { expiredBy }) };
  }

  /** Records a claim this bot holds (from create, resume or take-over). */
  held(record: FollowUp): void {
    if (record.leaseUntil !== undefined) this.#until.set(record.id, record.leaseUntil.getTime());
  }

  start(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#deps.timers.clear(this.#timer);
    this.#timer = undefined;
  }

  /** One renewal and take-over round (the timer runs it every leaseMs / 3). */
  async round(): Promise<void> {
    await this.#renew();
    if (!this.#stopped) await this.#takeOver();
  }

  #schedule(): void {
    this.#timer = this.#deps.timers.set(Math.max(1, Math.floor(this.#deps.leaseMs / 3)), () => {
      this.#timer = undefined;
      if (this.#stopped) return;
      void this.#deps
        .run(() => this.round())
        .finally(() => {
          if (!this.#stopped) this.#schedule();
        });
    });
  }

  async #renew(): Promise<void> {
    const { store, owner, clock, logger } = this.#deps;
    for (const id of [...this.#deps.tracked()]) {
      try {
        const renewed = await store.claim(id, owner, owner, this.lease());
        if (renewed !== undefined) {
          this.held(renewed);
          continue;
        }
        const current = await store.get(id);
        // Ended meanwhile: the poll that saw the end is finishing it; nothing to drop.
        if (current === undefined || !isActive(current) || current.owner === owner) continue;
        this.#lost(id, `now polled by ${current.owner ?? 'nobody'}`);
      } catch (error) {
        const lapse = this.#until.get(id);
        const reason = error instanceof Error ? error.message : String(error);
        if (lapse !== undefined && clock.now().getTime() >= lapse) {
          // Another replica may take it over from now on: stop, so it is never polled twice.
          this.#lost(id, `the lease lapsed while the store was unreachable (${reason})`);
        } else {
          logger.warn(
            { decision: 'follow_up_lease_failed', followUpId: id, reason },
            'could not renew a follow-up lease',
          );
        }
      }
    }
  }

  async #takeOver(): Promise<void> {
    const { store, owner, clock, logger } = this.#deps;
    let active: FollowUp[];
    try {
      active = await store.listActive();
    } catch {
      return;
    }
    const mine = new Set(this.#deps.tracked());
    const now = clock.now();
    for (const candidate of active) {
      if (this.#stopped) return;
      if (mine.has(candidate.id) || candidate.owner === owner) continue;
      const from = candidate.owner;
      // Owned and its lease still running (or an owner from before leases, never taken by force).
      if (from !== undefined && (candidate.leaseUntil === undefined || candidate.leaseUntil > now)) continue;
      try {
        const claimed = await store.claim(
          candidate.id,
          from,
          owner,
          this.lease(from === undefined ? undefined : now),
        );
        if (claimed === undefined) continue;
        this.held(claimed);
        if (from !== undefined) {
          logger.warn(
            {
              decision: 'follow_up_taken_over',
              followUpId: claimed.id,
              correlationId: claimed.correlationId,
              from,
              leaseUntil: candidate.leaseUntil?.toISOString() ?? null,
            },
            `took over following ${claimed.actionName} on ${claimed.kind} ${claimed.subjectId} from ${from}, which stopped renewing its lease`,
          );
        }
        await this.#deps.adopt(claimed, from);
      } catch (error) {
        logger.warn(
          { decision: 'follow_up_lease_failed', followUpId: candidate.id, reason: String(error) },
          'could not take over a follow-up',
        );
      }
    }
  }

  #lost(id: string, why: string): void {
    this.#until.delete(id);
    this.#deps.drop(id);
    this.#deps.logger.warn(
      { decision: 'follow_up_lost', followUpId: id, why },
      `stopped polling follow-up ${id}: ${why}`,
    );
  }
}

function isActive(f: FollowUp): boolean {
  return f.state === 'following' || f.state === 'stalled';
}
