import type { Logger } from 'pino';
import type { Clock } from '../core/engine/engine-clock.js';
import type { Outcome } from '../core/engine/outcome.js';
import { DEFAULT_FOLLOW_UP_SETTINGS, type FollowUpTimers } from '../core/follow-ups/follow-up-ports.js';
import { FollowUpService } from '../core/follow-ups/follow-up-service.js';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import type { PdTransport } from '../core/pd/pd-port.js';
import { InMemoryFollowUpStore } from '../follow-ups/in-memory-follow-up-store.js';
import { pdFollowUpReader } from '../follow-ups/pd-follow-up-reader.js';
import { realTimers } from '../follow-ups/real-timers.js';
import { TIKV_ACTIONS } from '../subjects/tikv/tikv-actions.js';
import { printable } from './text-style.js';

export interface FollowToEndIo {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly transports: ReadonlyMap<string, PdTransport>;
  /** Progress lines (stderr): what the terminal shows while it waits. */
  readonly progress: (line: string) => void;
  readonly timers?: FollowUpTimers;
}

/**
 * `exec --wait`: follows an accepted write the way the bot does (same declaration, same polling,
 * same verify read), printing each change, and resolves with the end; undefined when the action
 * declares nothing to follow.
 */
export async function followToEnd(
  outcome: Extract<Outcome, { kind: 'ok' }>,
  io: FollowToEndIo,
): Promise<FollowUp | undefined> {
  const { request } = outcome;
  const service = new FollowUpService({
    store: new InMemoryFollowUpStore({ clock: io.clock }),
    clock: io.clock,
    timers: io.timers ?? realTimers,
    read: pdFollowUpReader(io.transports),
    notifier: {
      notify: async (followUp, event) => {
        if (event === 'progress') io.progress(`  … ${line(followUp)}`);
        return undefined;
      },
    },
    logger: io.logger,
    actions: () => TIKV_ACTIONS,
    settings: DEFAULT_FOLLOW_UP_SETTINGS,
    owner: 'exec',
  });
  const started = await service.start({
    action: request.action,
    params: request.params,
    cluster: request.cluster,
    requesterId: request.actor.id,
    correlationId: request.correlationId,
  });
  if (started === undefined) return undefined;
  io.progress(`Following it to the end (at most until ${started.deadline.toISOString()})…`);
  return service.whenEnded(started.id);
}

/** `SUCCESS — Verified: region 42: leader on store 4; …`, PD's words made printable. */
export function line(followUp: FollowUp): string {
  const status = followUp.status ?? followUp.state;
  return printable(followUp.detail === undefined ? status : `${status} — ${followUp.detail}`);
}
