import type { FollowUp } from '../core/follow-ups/follow-up-store.js';

export interface FollowUpMessageState {
  lastEditAt?: number;
  /** The newest progress not yet shown, and the timer that will show it. */
  pending?: FollowUp;
  timer?: unknown;
  /** The last edit sent, so two edits never overtake each other. */
  chain: Promise<void>;
  /** The end or release arrived: progress shows no more. */
  final?: boolean;
}

/** Each follow-up message's edit state, shared by the routes (a message may move from one to another). */
export class FollowUpMessageStates {
  readonly #messages = new Map<string, FollowUpMessageState>();

  /** Per message; the result's own post counts as its first edit. */
  of(followUp: FollowUp): FollowUpMessageState {
    let state = this.#messages.get(followUp.id);
    if (state === undefined) {
      state = { chain: Promise.resolve(), lastEditAt: followUp.startedAt.getTime() };
      this.#messages.set(followUp.id, state);
    }
    return state;
  }

  delete(id: string): void {
    this.#messages.delete(id);
  }
}
