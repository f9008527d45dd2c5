import type { Logger } from 'pino';
import type { ActionDefinition } from '../core/actions/action-definition.js';
import { describeRequest } from '../core/commands/describe-request.js';
import type { Clock } from '../core/engine/engine-clock.js';
import type { Outcome } from '../core/engine/outcome.js';
import {
  DEFAULT_FOLLOW_UP_SETTINGS,
  type FollowUpEvent,
  type FollowUpReader,
  type FollowUpTimers,
} from '../core/follow-ups/follow-up-ports.js';
import { FollowUpService } from '../core/follow-ups/follow-up-service.js';
import type { FollowUp, FollowUpStore } from '../core/follow-ups/follow-up-store.js';
import { followUpLine } from './follow-up-line.js';
import { printable } from './text-style.js';

export interface ConsoleFollowUpsDeps {
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  /** Adapters from the composition root (run-demo): memory, the cluster's PD, Node's timers. */
  readonly store: FollowUpStore;
  readonly read: FollowUpReader;
  readonly timers: FollowUpTimers;
  readonly actions: () => readonly ActionDefinition[];
}

/** Where a follow-up's lines go: above the prompt, which stays the user's. */
export type PrintLine = (line: string) => void;

/**
 * The console's follow-ups: after PD accepted a write, the session goes on and the follow-up prints
 * its progress and its verified end when they come, each line naming the command and its correlation
 * id (other commands may have printed in between). The same service, declarations and verify reads
 * as the bot and `exec --wait`. Polling stops when the session ends, and says what it left.
 */
export class ConsoleFollowUps {
  readonly #service: FollowUpService;
  /** What each follow-up is about, as the user typed it, and where its lines go. */
  readonly #followed = new Map<string, { readonly what: string; readonly print: PrintLine }>();

  constructor(deps: ConsoleFollowUpsDeps) {
    this.#service = new FollowUpService({
      store: deps.store,
      clock: deps.clock,
      timers: deps.timers,
      read: deps.read,
      notifier: { notify: async (followUp, event) => this.#notify(followUp, event) },
      logger: deps.logger,
      actions: deps.actions,
      settings: DEFAULT_FOLLOW_UP_SETTINGS,
      owner: 'console',
    });
  }

  /** Starts following a write PD accepted; false when the action declares nothing to follow. */
  async follow(outcome: Extract<Outcome, { kind: 'ok' }>, print: PrintLine): Promise<boolean> {
    const { request } = outcome;
    if (request.dryRun === true) return false;
    if (this.#service.declarationFor(request.action, request.params) === undefined) return false;
    // Known before the service starts: a follow-up that ends at once must still find its line.
    const what = `[${request.correlationId}] ${describeRequest(request.action, request.params)}`;
    const started = await this.#service.start({
      action: request.action,
      params: request.params,
      cluster: request.cluster,
      requesterId: request.actor.id,
      correlationId: request.correlationId,
    });
    if (started === undefined) return false;
    this.#followed.set(started.id, { what, print });
    print(
      `Following it to the end in the background (at most until ${started.deadline.toISOString()}); the prompt is yours, its progress and end print here.`,
    );
    return true;
  }

  /** Follow-ups still polled. */
  get following(): number {
    return this.#service.following;
  }

  /** Resolves once no poll or verify read is under way (tests step time with it). */
  idle(): Promise<void> {
    return this.#service.idle();
  }

  /** The session ended: stop polling, and say for each what was left and how to check it by hand. */
  stop(): Promise<void> {
    return this.#service.shutdown('the console session ended');
  }

  async #notify(followUp: FollowUp, event: FollowUpEvent): Promise<undefined> {
    const followed = this.#followed.get(followUp.id);
    if (followed === undefined) return undefined;
    const { what, print } = followed;
    switch (event) {
      case 'progress':
        print(`  … ${what}: ${followUpLine(followUp)}`);
        break;
      case 'ended':
        print(`${what}: followed to the end: ${followUpLine(followUp)}`);
        this.#followed.delete(followUp.id);
        break;
      case 'released':
        print(
          `${what}: no longer followed (the session ended) at ${printable(followUp.status ?? followUp.state)}; check with: ${checkCommand(followUp)}`,
        );
        this.#followed.delete(followUp.id);
        break;
      default:
        break;
    }
    return undefined;
  }
}

function checkCommand(followUp: Pick<FollowUp, 'kind' | 'subjectId'>): string {
  return `${followUp.kind === 'operator' ? 'operator' : 'store'} ${followUp.subjectId}`;
}
