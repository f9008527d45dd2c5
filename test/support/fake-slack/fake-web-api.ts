import { randomBytes } from 'node:crypto';
import { FakeHomeViews } from './fake-home-views.js';
import { checkMessage, checkView, type LimitViolation } from './slack-limits.js';

/** Who the fake workspace says the bot is; matches what auth.test returns. */
export const FAKE_IDENTITY = {
  appId: 'A1',
  teamId: 'T1',
  team: 'Test',
  teamDomain: 'test',
  botUserId: 'UBOT',
  botId: 'BBOT',
  botName: 'tikv-bot',
  url: 'https://test.slack.com/',
} as const;

export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_member: boolean;
  is_archived: boolean;
  [extra: string]: unknown;
}

export interface FakeUser {
  id: string;
  name: string;
  real_name: string;
  profile: { display_name: string; real_name: string; [extra: string]: unknown };
  is_bot: boolean;
  deleted: boolean;
  [extra: string]: unknown;
}

export type FakeView = Record<string, unknown> & { id: string; hash: string };

export type ApiBody = { ok: boolean; [key: string]: unknown };

type Args = Record<string, unknown>;

export interface FakeWebApiOptions {
  now: () => number;
  /** Mints the one-time WebSocket URL that apps.connections.open hands out. */
  mintSocketUrl: () => string;
  /** Slack rejects a second views.open/push with the same trigger_id; so does the fake unless disabled. */
  enforceSingleUseTriggers: boolean;
}

/**
 * The Web API semantics of the fake workspace: pure request → JSON body (Slack answers 200 even for
 * `ok:false`). HTTP concerns (faults, status codes, recording) live in the server around it.
 */
export class FakeWebApi {
  readonly channels = new Map<string, FakeChannel | null>();
  readonly users = new Map<string, FakeUser | null>();
  readonly usergroups = new Map<string, string[]>();
  readonly views = new Map<string, FakeView>();
  /** App Home tabs published with views.publish, by user. */
  readonly homes: FakeHomeViews;
  readonly #usedTriggers = new Set<string>();
  readonly #opts: FakeWebApiOptions;
  #seq = 0;

  constructor(opts: FakeWebApiOptions) {
    this.#opts = opts;
    this.homes = new FakeHomeViews(opts.now);
  }

  call(method: string, args: Args, token: string | undefined): ApiBody {
    if (token === undefined) return fail('not_authed');
    const isAppToken = token.startsWith('xapp-');
    if (method === 'apps.connections.open') {
      return isAppToken ? { ok: true, url: this.#opts.mintSocketUrl() } : fail('not_allowed_token_type');
    }
    // An app-level token only opens sockets; using it for anything else is a real-world bug worth catching.
    if (isAppToken && method !== 'auth.test') return fail('not_allowed_token_type');
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: FAKE_IDENTITY.url,
          team: FAKE_IDENTITY.team,
          user: FAKE_IDENTITY.botName,
          team_id: FAKE_IDENTITY.teamId,
          user_id: FAKE_IDENTITY.botUserId,
          bot_id: FAKE_IDENTITY.botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage':
        return this.#postMessage(args);
      case 'chat.postEphemeral':
        return this.#postEphemeral(args);
      case 'chat.update':
        return this.#update(args);
      case 'views.open':
      case 'views.push':
        return this.#openView(args);
      case 'views.update':
        return this.#updateView(args);
      case 'views.publish':
        return this.homes.publish(args);
      case 'conversations.info':
        return this.#conversationsInfo(args);
      case 'usergroups.users.list': {
        const users = this.usergroups.get(str(args.usergroup));
        return users ? { ok: true, users: [...users] } : fail('no_such_subteam');
      }
      case 'users.info': {
        const id = str(args.user);
        const user = id === '' ? null : this.users.has(id) ? this.users.get(id) : defaultUser(id);
        return user ? { ok: true, user } : fail('user_not_found');
      }
      default:
        return fail('unknown_method');
    }
  }

  /** Unique per fake, ordered within a second, shaped like Slack's `seconds.micro` strings. */
  nextTs(): string {
    this.#seq += 1;
    return `${Math.floor(this.#opts.now() / 1000)}.${String(this.#seq).padStart(6, '0')}`;
  }

  #channel(id: string): FakeChannel | null {
    if (id === '') return null;
    return this.channels.has(id) ? (this.channels.get(id) ?? null) : defaultChannel(id);
  }

  /** Mirrors §1.5 of the reference: which posting errors a non-member bot gets. */
  #postingError(channelId: string): string | undefined {
    const channel = this.#channel(channelId);
    if (!channel) return 'channel_not_found';
    if (channel.is_archived) return 'is_archived';
    if (channel.is_member) return undefined;
    return channel.is_private || channel.is_im || channel.is_mpim ? 'channel_not_found' : 'not_in_channel';
  }

  #postMessage(args: Args): ApiBody {
    const channel = str(args.channel);
    const error = this.#postingError(channel);
    if (error) return fail(error);
    if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
      return fail('no_text');
    }
    const tooBig = checkMessage(args);
    if (tooBig) return refuse(tooBig);
    const ts = this.nextTs();
    return { ok: true, channel, ts, message: this.#message(args, ts) };
  }

  #postEphemeral(args: Args): ApiBody {
    const error = this.#postingError(str(args.channel));
    if (error) return fail(error);
    if (str(args.user) === '') return fail('user_not_found');
    const tooBig = checkMessage(args);
    if (tooBig) return refuse(tooBig);
    return { ok: true, message_ts: this.nextTs() };
  }

  #update(args: Args): ApiBody {
    const channel = str(args.channel);
    const ts = str(args.ts);
    if (!this.#channel(channel)) return fail('channel_not_found');
    if (ts === '') return fail('message_not_found');
    const tooBig = checkMessage(args);
    if (tooBig) return refuse(tooBig);
    return { ok: true, channel, ts, text: args.text ?? '', message: this.#message(args, ts) };
  }

  #message(args: Args, ts: string) {
    return {
      type: 'message',
      user: FAKE_IDENTITY.botUserId,
      bot_id: FAKE_IDENTITY.botId,
      app_id: FAKE_IDENTITY.appId,
      team: FAKE_IDENTITY.teamId,
      ts,
      text: args.text ?? '',
      ...(args.blocks !== undefined && { blocks: args.blocks }),
      ...(args.attachments !== undefined && { attachments: args.attachments }),
      ...(args.thread_ts !== undefined && { thread_ts: args.thread_ts }),
      ...(args.metadata !== undefined && { metadata: args.metadata }),
    };
  }

  #openView(args: Args): ApiBody {
    const trigger = str(args.trigger_id) || str(args.interactivity_pointer);
    if (trigger === '' || !isObject(args.view)) return fail('invalid_arguments');
    const badView = checkView(args.view);
    if (badView) return refuse(badView);
    if (this.#opts.enforceSingleUseTriggers) {
      if (this.#usedTriggers.has(trigger)) return fail('exchanged_trigger_id');
      this.#usedTriggers.add(trigger);
    }
    const id = `V${randomBytes(5).toString('hex').toUpperCase()}`;
    return { ok: true, view: this.#storeView(id, args.view, id) };
  }

  #updateView(args: Args): ApiBody {
    if (!isObject(args.view)) return fail('invalid_arguments');
    const badView = checkView(args.view);
    if (badView) return refuse(badView);
    let id = str(args.view_id);
    if (id === '') {
      const externalId = str(args.external_id);
      const byExternal = [...this.views.values()].find(
        (v) => externalId !== '' && v.external_id === externalId,
      );
      if (!byExternal) return fail('not_found');
      id = byExternal.id;
    }
    const previous = this.views.get(id);
    // Unknown ids are accepted: payload builders invent view ids that this fake never opened.
    if (previous && args.hash !== undefined && args.hash !== previous.hash) return fail('hash_conflict');
    return { ok: true, view: this.#storeView(id, args.view, str(previous?.root_view_id) || id) };
  }

  #storeView(id: string, view: Args, rootViewId: string): FakeView {
    const stored: FakeView = {
      type: 'modal',
      blocks: [],
      private_metadata: '',
      callback_id: '',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
      ...view,
      id,
      team_id: FAKE_IDENTITY.teamId,
      state: { values: {} },
      hash: `${Math.floor(this.#opts.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      root_view_id: rootViewId,
      previous_view_id: null,
      app_id: FAKE_IDENTITY.appId,
      app_installed_team_id: FAKE_IDENTITY.teamId,
      bot_id: FAKE_IDENTITY.botId,
    };
    this.views.set(id, stored);
    return stored;
  }

  #conversationsInfo(args: Args): ApiBody {
    const channel = this.#channel(str(args.channel));
    return channel ? { ok: true, channel } : fail('channel_not_found');
  }
}

/** Unconfigured ids behave like a public channel (C…), private channel (G…) or DM (D…) the bot is in. */
export function defaultChannel(id: string): FakeChannel {
  return {
    id,
    name: id.startsWith('D') ? id : `channel-${id.toLowerCase()}`,
    is_private: id.startsWith('G'),
    is_im: id.startsWith('D'),
    is_mpim: false,
    is_member: true,
    is_archived: false,
  };
}

export function defaultUser(id: string): FakeUser {
  const name = `user-${id.toLowerCase()}`;
  return {
    id,
    team_id: FAKE_IDENTITY.teamId,
    name,
    real_name: `User ${id}`,
    profile: { display_name: name, real_name: `User ${id}` },
    is_bot: false,
    deleted: false,
    tz: 'UTC',
  };
}

function fail(error: string): ApiBody {
  return { ok: false, error };
}

/** Slack's answer to an over-limit message or view: the error plus what exactly was wrong. */
function refuse(violation: LimitViolation): ApiBody {
  return violation.messages.length > 0
    ? { ok: false, error: violation.error, response_metadata: { messages: violation.messages } }
    : { ok: false, error: violation.error };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isObject(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
