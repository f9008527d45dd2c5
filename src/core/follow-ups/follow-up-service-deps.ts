import type { Logger } from 'pino';
import type { ActionDefinition } from '../actions/action-definition.js';
import type { Clock } from '../engine/engine-clock.js';
import type {
  FollowUpNotifier,
  FollowUpReader,
  FollowUpSettings,
  FollowUpTimers,
} from './follow-up-ports.js';
import type { FollowUpStore } from './follow-up-store.js';

export interface FollowUpServiceDeps {
  readonly store: FollowUpStore;
  readonly clock: Pick<Clock, 'now'>;
  readonly timers: FollowUpTimers;
  readonly read: FollowUpReader;
  readonly notifier: FollowUpNotifier;
  readonly logger: Logger;
  /** The actions, to find a resumed follow-up's declaration by its action's name. */
  readonly actions: () => readonly ActionDefinition[];
  readonly settings: FollowUpSettings;
  /** This bot instance, as recorded in the store's `owner`. */
  readonly owner: string;
  /**
   * With a shared (durable) store: how long this bot's claim on a follow-up holds unrenewed. Set, the
   * bot renews its leases and takes over follow-ups whose owner stopped renewing. Unset: no leases.
   */
  readonly leaseMs?: number;
}
