import type { FollowUp } from './follow-up-store.js';

/** Callers waiting for a follow-up to end (or be released), woken once each. */
export class EndWaiters {
  readonly #waiters = new Map<string, ((f: FollowUp) => void)[]>();

  /** Resolves with the follow-up once it is woken. */
  when(id: string): Promise<FollowUp> {
    return new Promise((resolve) => {
      const list = this.#waiters.get(id) ?? [];
      list.push(resolve);
      this.#waiters.set(id, list);
    });
  }

  wake(record: FollowUp): void {
    for (const wake of this.#waiters.get(record.id) ?? []) wake(record);
    this.#waiters.delete(record.id);
  }
}
