import { randomBytes } from 'node:crypto';
import { FAKE_IDENTITY } from './fake-web-api.js';
import { postSignedBody, type SignedRequestOptions, type SignedResponse } from './signed-request.js';

/** Slack's Events API envelope (`event_callback`) around one event, as both transports carry it. */
export function eventCallbackBody(
  event: Record<string, unknown>,
  opts: { eventId?: string; eventTime?: number } = {},
): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: FAKE_IDENTITY.teamId,
    api_app_id: FAKE_IDENTITY.appId,
    event,
    type: 'event_callback',
    event_id: opts.eventId ?? newEventId(),
    event_time: opts.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: FAKE_IDENTITY.teamId,
        user_id: FAKE_IDENTITY.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export function newEventId(): string {
  return `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
}

function ts(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

/** `app_home_opened`: a user opened the app's Home (or Messages) tab. `channel` is the app DM. */
export function appHomeOpenedEvent(input: {
  userId: string;
  channelId?: string;
  tab?: 'home' | 'messages';
}): Record<string, unknown> {
  return {
    type: 'app_home_opened',
    user: input.userId,
    channel: input.channelId ?? `D${input.userId.slice(1)}`,
    tab: input.tab ?? 'home',
    event_ts: ts(),
  };
}

/** `message` in the app's DM (message.im), a person's by default; pass subtype/bot_id for the others. */
export function imMessageEvent(input: {
  userId?: string;
  channelId: string;
  text: string;
  subtype?: string;
  botId?: string;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  const at = ts();
  return {
    type: 'message',
    channel: input.channelId,
    channel_type: 'im',
    ...(input.userId !== undefined && { user: input.userId }),
    text: input.text,
    ts: at,
    event_ts: at,
    ...(input.subtype !== undefined && { subtype: input.subtype }),
    ...(input.botId !== undefined && { bot_id: input.botId }),
    ...input.extra,
  };
}

/** An Events API request over HTTP, signed; `retryNum` adds Slack's retry headers. */
export function postEvent(
  botUrl: string,
  signingSecret: string,
  body: Record<string, unknown>,
  opts: SignedRequestOptions & { retryNum?: number; retryReason?: string } = {},
): Promise<SignedResponse> {
  const { retryNum, retryReason, ...signed } = opts;
  return postSignedBody(botUrl, signingSecret, JSON.stringify(body), {
    ...signed,
    contentType: 'application/json',
    headers: {
      ...signed.headers,
      ...(retryNum !== undefined && {
        'x-slack-retry-num': String(retryNum),
        'x-slack-retry-reason': retryReason ?? 'http_timeout',
      }),
    },
  });
}
