import type { Logger } from 'pino';
import type { ActionRegistry } from '../core/actions/action-registry.js';
import type { ApprovalService } from '../core/approvals/approval-service.js';
import type { Engine } from '../core/engine/engine.js';
import type { FollowUpService } from '../core/follow-ups/follow-up-service.js';
import type { FormAssist } from '../core/forms/form-assist.js';
import type { StoreDirectory } from '../core/stores/store-directory.js';
import type { InFlightWork } from '../lifecycle/in-flight-work.js';
import type { AppHomeDeps } from './app-home-deps.js';
import type { ModalMetadataKey } from './modal-metadata.js';
import type { ReplayGuard } from './replay-guard.js';
import type { SlackMessage } from './slack-message.js';

export interface ResponseUrlMessage extends SlackMessage {
  readonly response_type: 'in_channel' | 'ephemeral';
  readonly replace_original?: boolean;
}

/** Everything the Slack front end needs, created by the composition root. */
export interface SlackDeps {
  readonly registry: ActionRegistry;
  readonly engine: Engine;
  /** The engine's approval service: clicks, expiry and where each request message lives. */
  readonly approvals: ApprovalService;
  readonly logger: Logger;
  readonly newCorrelationId: () => string;
  /** Requests being handled; a shutdown refuses new ones and waits for these. */
  readonly work: InFlightWork;
  /** Slack request keys already run, so a replay or redelivery runs nothing. */
  readonly replayGuard: ReplayGuard;
  /** POST to a response_url (absolute, Slack-minted); used where Bolt offers no respond(). */
  readonly postToResponseUrl: (url: string, message: ResponseUrlMessage) => Promise<void>;
  /**
   * The Web API route when a response_url is spent or expired: chat.postMessage for the channel
   * (resolves with the new message's ts), chat.postEphemeral for one person. Needs the bot in the
   * channel (or chat:write.public).
   */
  readonly postViaWebApi: (
    /** threadTs: post as a reply in that thread (chat.postMessage's thread_ts). */
    target: { channelId: string; userId?: string; threadTs?: string },
    message: SlackMessage,
  ) => Promise<{ ts?: string }>;
  /** chat.update of a message the bot posted (an approval request), e.g. to take its buttons away. */
  readonly updateViaWebApi: (
    target: { channelId: string; ts: string },
    message: SlackMessage,
  ) => Promise<void>;
  /** Follows accepted writes to their end and edits their messages; absent: results stand alone. */
  readonly followUps?: FollowUpService;
  /** Signs and checks the forms' private_metadata (channel, issue time, response_url). */
  readonly modalMetadataKey: ModalMetadataKey;
  /** App Home's reads; without them the Home tab is not published (the event is only acked). */
  readonly home?: AppHomeDeps;
  /** Live store pickers and the region's context in forms; without it pickers offer nothing. */
  readonly formAssist?: FormAssist;
  /**
   * Each cluster's stores (and one region at a time), cached and single-flight: the one PD read
   * behind pickers, for any view that needs a cheap store summary (App Home).
   */
  readonly storeDirectory?: StoreDirectory;
}
