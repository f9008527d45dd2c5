import type { Logger } from 'pino';
import type { FollowUpEvent } from '../core/follow-ups/follow-up-ports.js';
import type { FollowUp, FollowUpMessageRef } from '../core/follow-ups/follow-up-store.js';
import { renderFollowedMessage } from './follow-up-blocks.js';
import type { FollowUpMessageStates } from './follow-up-message-states.js';
import { followUpSlackLog } from './follow-up-slack-log.js';
import type { FollowUpStandaloneRoute } from './follow-up-standalone-route.js';
import type { ResponseUrlMessage } from './slack-deps.js';
import { tryFollowUpRoute } from './try-follow-up-route.js';
import { withinSlackLimits } from './within-slack-limits.js';

/** Slack honours a response_url for 30 minutes and five uses (slack-platform.md §1.4). */
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_USES = 5;
/** A little before the 30 minutes: a post that arrives at 29:59.9 must not be the one refused. */
const RESPONSE_URL_SAFETY_MS = 60_000;

export interface FollowUpResponseUrlRouteDeps {
  readonly postToResponseUrl: (url: string, message: ResponseUrlMessage) => Promise<void>;
  readonly clock: { now(): Date };
  readonly logger: Logger;
  readonly states: FollowUpMessageStates;
  readonly standalone: FollowUpStandaloneRoute;
  /** Progress spends a response_url use at most this often. */
  readonly urlEditMs: number;
  readonly resumes: boolean;
}

/**
 * A result known only by its response_url: replace_original while Slack still takes it (keeping its
 * last use for the end), then the follow-up goes on in a message of its own.
 */
export class FollowUpResponseUrlRoute {
  readonly #deps: FollowUpResponseUrlRouteDeps;

  constructor(deps: FollowUpResponseUrlRouteDeps) {
    this.#deps = deps;
  }

  async notify(
    followUp: FollowUp,
    event: FollowUpEvent,
    ref: FollowUpMessageRef,
  ): Promise<FollowUpMessageRef | undefined> {
    const now = this.#deps.clock.now().getTime();
    const uses = ref.responseUrlUses ?? 1;
    const issued = ref.responseUrlIssuedAt?.getTime() ?? followUp.startedAt.getTime();
    const alive =
      ref.responseUrl !== undefined && now - issued < RESPONSE_URL_TTL_MS - RESPONSE_URL_SAFETY_MS;
    const final = event === 'ended' || event === 'released';
    const state = this.#deps.states.of(followUp);
    // Progress may spend uses 2 to 4; the fifth is kept for the end.
    const spare = final ? uses < RESPONSE_URL_USES : uses < RESPONSE_URL_USES - 1;
    if (alive && spare && ref.responseUrl !== undefined) {
      if (!final && now - (state.lastEditAt ?? 0) < this.#deps.urlEditMs) {
        followUpSlackLog(this.#deps.logger, followUp).debug(
          { decision: 'follow_up_edit_skipped', uses },
          'progress not shown: the response_url was used less than a minute ago (five uses in all)',
        );
        return undefined;
      }
      const url = ref.responseUrl;
      const message = renderFollowedMessage(followUp, event, this.#deps.clock.now(), this.#deps.resumes);
      state.lastEditAt = now;
      const sent = await tryFollowUpRoute(this.#deps.logger, followUp, 'response_url', () =>
        this.#deps.postToResponseUrl(url, {
          ...withinSlackLimits(message, followUp.correlationId),
          response_type: 'in_channel',
          replace_original: true,
        }),
      );
      if (final) this.#deps.states.delete(followUp.id);
      if (sent) return { responseUrlUses: uses + 1 };
      if (!final) return undefined;
    }
    this.#deps.states.delete(followUp.id);
    // The response_url is spent or expired: the follow-up goes on in a message of its own that names
    // the original (its ts known, so it is edited from now on and the end threads under it).
    return this.#deps.standalone.continue(followUp, event, ref.channelId);
  }
}
