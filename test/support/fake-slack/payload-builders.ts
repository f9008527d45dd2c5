import { randomBytes } from 'node:crypto';
import { FAKE_IDENTITY } from './fake-web-api.js';

let triggerSeq = 0;

/**
 * A fresh Slack-looking trigger_id. Unique per call because the fake (like Slack) refuses a second
 * views.open with the same trigger.
 */
export function newTriggerId(): string {
  triggerSeq += 1;
  return `${Date.now()}.${triggerSeq}.${randomBytes(8).toString('hex')}`;
}

/** Slack's action_ts: epoch seconds with a microsecond fraction. */
function nowTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

export interface SlashCommandInput {
  text: string;
  responseUrl: string;
  command?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
  triggerId?: string;
}

/**
 * The fields of a slash command, all strings, in the order Slack sends them: the HTTP form body,
 * and (as JSON) the payload of a Socket Mode `slash_commands` envelope.
 */
export function slashCommandFields(input: SlashCommandInput): Record<string, string> {
  const userId = input.userId ?? 'U1';
  const channelId = input.channelId ?? 'C1';
  return {
    token: 'deprecated-verification-token',
    team_id: input.teamId ?? FAKE_IDENTITY.teamId,
    team_domain: FAKE_IDENTITY.teamDomain,
    channel_id: channelId,
    channel_name:
      input.channelName ??
      (channelId.startsWith('D') ? 'directmessage' : `channel-${channelId.toLowerCase()}`),
    user_id: userId,
    user_name: input.userName ?? `user-${userId.toLowerCase()}`,
    command: input.command ?? '/tikv',
    text: input.text,
    api_app_id: FAKE_IDENTITY.appId,
    // A string, not a boolean, in real command payloads (reference §1.1).
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? newTriggerId(),
  };
}

/** A view state entry as Slack reports it, e.g. `{type:'static_select', selected_option:{…}}`. */
export type ViewStateValue = { type: string; [field: string]: unknown };

export interface ViewSubmissionInput {
  callbackId: string;
  privateMetadata: string;
  /**
   * `values[block_id][action_id]`: a string is shorthand for a plain_text_input
   * (`{type:'plain_text_input', value}`); pass an object for other element types.
   */
  values: Record<string, Record<string, string | ViewStateValue>>;
  userId: string;
  viewId?: string;
  hash?: string;
  teamId?: string;
  triggerId?: string;
  /** Only present in real payloads when the view has a response_url_enabled conversation select. */
  responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
  /** The submitted view's blocks; Bolt does not need them, but handlers that re-render might. */
  blocks?: unknown[];
}

/** A `view_submission` payload shaped like Slack's (reference §2.2). */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const teamId = input.teamId ?? FAKE_IDENTITY.teamId;
  const viewId = input.viewId ?? `V${randomBytes(5).toString('hex').toUpperCase()}`;
  const values = Object.fromEntries(
    Object.entries(input.values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, v]) => [
          actionId,
          typeof v === 'string' ? { type: 'plain_text_input', value: v } : v,
        ]),
      ),
    ]),
  );
  return {
    type: 'view_submission',
    team: { id: teamId, domain: FAKE_IDENTITY.teamDomain },
    user: user(input.userId, teamId),
    api_app_id: FAKE_IDENTITY.appId,
    token: 'deprecated-verification-token',
    trigger_id: input.triggerId ?? newTriggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      blocks: input.blocks ?? [],
      private_metadata: input.privateMetadata,
      callback_id: input.callbackId,
      state: { values },
      hash: input.hash ?? `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: 'TiKV', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: FAKE_IDENTITY.appId,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: FAKE_IDENTITY.botId,
    },
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface BlockActionsInput {
  actionId: string;
  value: string;
  userId: string;
  channelId: string;
  messageTs: string;
  responseUrl: string;
  blockId?: string;
  teamId?: string;
  triggerId?: string;
  /** Button label; Slack echoes it in `actions[0].text`. */
  buttonText?: string;
  /** Ephemeral messages: `container.is_ephemeral` is true and no `message` is included. */
  isEphemeral?: boolean;
  /** The clicked message as Slack echoes it; defaults to a minimal bot message. */
  message?: Record<string, unknown>;
}

/** A `block_actions` payload for a button click on a message (reference §3.1). */
export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const teamId = input.teamId ?? FAKE_IDENTITY.teamId;
  const blockId = input.blockId ?? 'actions';
  const ephemeral = input.isEphemeral ?? false;
  return {
    type: 'block_actions',
    user: user(input.userId, teamId),
    api_app_id: FAKE_IDENTITY.appId,
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channelId,
      is_ephemeral: ephemeral,
    },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: FAKE_IDENTITY.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: `channel-${input.channelId.toLowerCase()}` },
    ...(!ephemeral && {
      message: input.message ?? {
        type: 'message',
        user: FAKE_IDENTITY.botUserId,
        bot_id: FAKE_IDENTITY.botId,
        app_id: FAKE_IDENTITY.appId,
        team: teamId,
        ts: input.messageTs,
        text: '',
        blocks: [],
      },
    }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: blockId,
        text: { type: 'plain_text', text: input.buttonText ?? 'Confirm', emoji: true },
        value: input.value,
        type: 'button',
        action_ts: nowTs(),
      },
    ],
  };
}

function user(id: string, teamId: string) {
  const name = `user-${id.toLowerCase()}`;
  return { id, username: name, name, team_id: teamId };
}
