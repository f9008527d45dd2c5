import type { PdRequest } from '../pd/pd-request.js';
import type { PollAnswer } from './follow-up-declaration.js';
import type { FollowUpReader } from './follow-up-ports.js';

/**
 * Every follow-up read goes through here: the same read already in flight for the cluster is shared
 * (one request however many ask), and at most `limit` reads per cluster are in flight; the rest wait
 * their turn, so a thousand follow-ups never become a thousand concurrent requests to one PD.
 */
export class ReadGate {
  readonly #read: FollowUpReader;
  readonly #limit: number;
  readonly #inFlight = new Map<string, Promise<PollAnswer>>();
  readonly #running = new Map<string, number>();
  readonly #queues = new Map<string, (() => void)[]>();

  constructor(read: FollowUpReader, limit: number) {
    this.#read = read;
    this.#limit = Math.max(1, limit);
  }

  read(cluster: string, request: PdRequest): Promise<PollAnswer> {
    const key = `${cluster}\u0000${request.method} ${request.path}`;
    const shared = this.#inFlight.get(key);
    if (shared !== undefined) return shared;
    const answer = this.#slot(cluster)
      .then(() => this.#read(cluster, request))
      .finally(() => {
        this.#inFlight.delete(key);
        this.#release(cluster);
      });
    this.#inFlight.set(key, answer);
    return answer;
  }

  async #slot(cluster: string): Promise<void> {
    const running = this.#running.get(cluster) ?? 0;
    if (running < this.#limit) {
      this.#running.set(cluster, running + 1);
      return;
    }
    await new Promise<void>((resolve) => {
      const queue = this.#queues.get(cluster) ?? [];
      queue.push(resolve);
      this.#queues.set(cluster, queue);
    });
  }

  #release(cluster: string): void {
    const next = this.#queues.get(cluster)?.shift();
    // The slot passes straight to the next waiter; the count only drops when nobody waits.
    if (next !== undefined) next();
    else this.#running.set(cluster, (this.#running.get(cluster) ?? 1) - 1);
  }
}
