import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventLog, toWaitOptions, type WaitOptions } from './event-log.js';
import {
  type ApiBody,
  defaultChannel,
  defaultUser,
  FAKE_IDENTITY,
  type FakeChannel,
  type FakeUser,
  type FakeView,
  FakeWebApi,
} from './fake-web-api.js';
import { FaultQueue, type FaultSpec, isDelayOnly } from './fault-queue.js';
import { ApiArgsError, parseApiArgs, tokenFrom } from './parse-api-args.js';
import { type RecordedResponse, ResponseUrls } from './response-urls.js';
import { SLACK_LIMITS } from './slack-limits.js';
import {
  type EnvelopeType,
  type SendEnvelopeOptions,
  type SentEnvelope,
  type SocketAck,
  type SocketConnection,
  SocketModeServer,
} from './socket-mode-server.js';

/** Pass as the `method` of failNext() to make the next response_url POST fail. */
export const RESPONSE_URL_FAULT = 'response_url';

export interface FakeSlackOptions {
  /**
   * Epoch-ms clock for `at` stamps, message ts values and the 30-minute response_url expiry.
   * Pass a mutable clock to jump past the expiry without waiting.
   */
  now?: () => number;
  /** Reject a second views.open/views.push with the same trigger_id, as Slack does. Default true. */
  enforceSingleUseTriggers?: boolean;
}

export interface FakeSlackCall {
  method: string;
  /** Decoded args; `blocks`, `view`, `attachments`, `metadata` are already JSON-parsed. */
  args: Record<string, unknown>;
  /** From `Authorization: Bearer …` (or a `token` arg). */
  token: string | undefined;
  /** Clock time (the fake's `now`) of arrival. */
  at: number;
  /** HTTP status the fake answered (or will answer, for a delayed fault); 0 for a network error. */
  status: number;
  /** JSON body the fake answered; undefined for a network error. */
  response: ApiBody | undefined;
  fault?: FaultSpec;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/`: Bolt `clientOptions.slackApiUrl`, env `SLACK_API_URL`. */
  readonly apiUrl: string;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly baseUrl: string;
  readonly port: number;

  /** Every Web API call in arrival order, faulted ones included. */
  readonly calls: readonly FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  /** Resolves with the first call (already made or future) to `method` that matches `pred`. */
  waitForCall(
    method: string,
    pred?: (call: FakeSlackCall) => boolean,
    timeoutOrOpts?: number | WaitOptions,
  ): Promise<FakeSlackCall>;
  /** Queues a fault for the next call to `method` (or to a response_url with RESPONSE_URL_FAULT). */
  failNext(method: string, spec?: FaultSpec): void;

  /**
   * Holds every answer to `method` (or to response_url posts, with RESPONSE_URL_FAULT) from now
   * on, the calls still recorded on arrival, until
   * release(), which answers them all at once: a lookup that hangs, or concurrent requests
   * released together so they really overlap. close() drops whatever is still held.
   */
  holdAnswers(method: string): { readonly held: number; release(): void };
  /** Members returned by usergroups.users.list; unknown groups answer `no_such_subteam`. */
  setUsergroup(usergroupId: string, userIds: string[]): void;
  /** Overrides conversations.info (merged over defaults) and posting rules; null → channel_not_found. */
  setChannel(channelId: string, info: Partial<FakeChannel> | null): void;
  /** Overrides users.info (merged over defaults); null → user_not_found. */
  setUser(userId: string, info: Partial<FakeUser> | null): void;
  /** Views opened, pushed or updated through the fake, by view id. */
  readonly views: ReadonlyMap<string, FakeView>;
  /** The App Home view last published (views.publish) for each user. */
  readonly homeViews: ReadonlyMap<string, Record<string, unknown>>;

  /** Mints `http://127.0.0.1:PORT/response/<id>`: 5 uses, 30 minutes from now(). */
  newResponseUrl(): string;
  readonly responses: readonly RecordedResponse[];
  waitForResponse(
    pred?: (response: RecordedResponse) => boolean,
    timeoutOrOpts?: number | WaitOptions,
  ): Promise<RecordedResponse>;

  /** Every Socket Mode connection ever accepted (check `.open` for the live ones). */
  readonly socketConnections: readonly SocketConnection[];
  /** Resolves with a connection matching `pred` (default: any open one), past or future. */
  waitForSocketConnection(
    pred?: (connection: SocketConnection) => boolean,
    timeoutOrOpts?: number | WaitOptions,
  ): Promise<SocketConnection>;
  /** Sends an envelope on the newest live socket; throws if none is open. */
  sendEnvelope(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    opts?: SendEnvelopeOptions,
  ): SentEnvelope;
  /** Every ack received, duplicates included. */
  readonly acks: readonly SocketAck[];
  waitForAck(pred?: (ack: SocketAck) => boolean, timeoutOrOpts?: number | WaitOptions): Promise<SocketAck>;
  /** Sends `{"type":"disconnect","reason":…}` to every live socket (default `refresh_requested`). */
  disconnectSockets(reason?: string): void;
  /** Terminates every live socket without a close frame. */
  dropSockets(): void;

  /** Stop Bolt first: a Socket Mode app whose fake vanishes retries into an unhandled rejection. */
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port; Web API, response_url and WebSocket share it. */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new FakeSlackServer(server, opts);
}

class FakeSlackServer implements FakeSlack {
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly port: number;
  readonly #server: Server;
  readonly #now: () => number;
  readonly #calls = new EventLog<FakeSlackCall>(
    (c) => `${c.method}${c.response?.ok === false ? ` (${String(c.response.error)})` : ''}`,
  );
  readonly #faults = new FaultQueue();
  readonly #api: FakeWebApi;
  readonly #responseUrls: ResponseUrls;
  readonly #sockets: SocketModeServer;
  readonly #delays = new Set<NodeJS.Timeout>();
  readonly #holds = new Map<string, (() => void)[]>();
  #closing: Promise<void> | undefined;

  constructor(server: Server, opts: FakeSlackOptions) {
    this.#server = server;
    this.#now = opts.now ?? Date.now;
    this.port = (server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.#sockets = new SocketModeServer({
      wsBaseUrl: `ws://127.0.0.1:${this.port}`,
      appId: FAKE_IDENTITY.appId,
      now: this.#now,
    });
    this.#api = new FakeWebApi({
      now: this.#now,
      mintSocketUrl: () => this.#sockets.mintUrl(),
      enforceSingleUseTriggers: opts.enforceSingleUseTriggers ?? true,
    });
    this.#responseUrls = new ResponseUrls(this.baseUrl, this.#now);
    server.on('request', (req, res) => {
      this.#onRequest(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('fake Slack crashed');
      });
    });
    server.on('upgrade', (req, socket, head) => this.#sockets.handleUpgrade(req, socket, head));
  }

  get calls(): readonly FakeSlackCall[] {
    return this.#calls.entries;
  }

  callsTo(method: string): FakeSlackCall[] {
    return this.#calls.entries.filter((c) => c.method === method);
  }

  waitForCall(method: string, pred?: (call: FakeSlackCall) => boolean, timeoutOrOpts?: number | WaitOptions) {
    return this.#calls.waitFor(
      `a call to ${method}`,
      (c) => c.method === method && (pred?.(c) ?? true),
      toWaitOptions(timeoutOrOpts),
    );
  }

  failNext(method: string, spec: FaultSpec = {}): void {
    this.#faults.add(method, spec);
  }

  holdAnswers(method: string): { readonly held: number; release(): void } {
    const waiting: (() => void)[] = [];
    this.#holds.set(method, waiting);
    const holds = this.#holds;
    return {
      get held() {
        return waiting.length;
      },
      release() {
        if (holds.get(method) === waiting) holds.delete(method);
        for (const answer of waiting.splice(0)) answer();
      },
    };
  }

  setUsergroup(usergroupId: string, userIds: string[]): void {
    this.#api.usergroups.set(usergroupId, [...userIds]);
  }

  setChannel(channelId: string, info: Partial<FakeChannel> | null): void {
    this.#api.channels.set(channelId, info && { ...defaultChannel(channelId), ...info, id: channelId });
  }

  setUser(userId: string, info: Partial<FakeUser> | null): void {
    this.#api.users.set(userId, info && { ...defaultUser(userId), ...info, id: userId });
  }

  get views(): ReadonlyMap<string, FakeView> {
    return this.#api.views;
  }

  get homeViews(): ReadonlyMap<string, Record<string, unknown>> {
    return this.#api.homes.byUser;
  }

  newResponseUrl(): string {
    return this.#responseUrls.mint();
  }

  get responses(): readonly RecordedResponse[] {
    return this.#responseUrls.log.entries;
  }

  waitForResponse(pred?: (response: RecordedResponse) => boolean, timeoutOrOpts?: number | WaitOptions) {
    return this.#responseUrls.log.waitFor('a response_url post', pred, toWaitOptions(timeoutOrOpts));
  }

  get socketConnections(): readonly SocketConnection[] {
    return this.#sockets.connections.entries;
  }

  waitForSocketConnection(
    pred: (connection: SocketConnection) => boolean = (c) => c.open,
    timeoutOrOpts?: number | WaitOptions,
  ) {
    return this.#sockets.connections.waitFor('a Socket Mode connection', pred, toWaitOptions(timeoutOrOpts));
  }

  sendEnvelope(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    opts?: SendEnvelopeOptions,
  ): SentEnvelope {
    return this.#sockets.sendEnvelope(type, payload, opts);
  }

  get acks(): readonly SocketAck[] {
    return this.#sockets.acks.entries;
  }

  waitForAck(pred?: (ack: SocketAck) => boolean, timeoutOrOpts?: number | WaitOptions) {
    return this.#sockets.acks.waitFor('a Socket Mode ack', pred, toWaitOptions(timeoutOrOpts));
  }

  disconnectSockets(reason = 'refresh_requested'): void {
    this.#sockets.disconnect(reason);
  }

  dropSockets(): void {
    this.#sockets.drop();
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const error = new Error('fake Slack closed');
    for (const timer of this.#delays) clearTimeout(timer);
    this.#delays.clear();
    this.#faults.clear();
    this.#holds.clear();
    this.#calls.close(error);
    this.#responseUrls.log.close(error);
    await this.#sockets.close();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // Keep-alive sockets from WebClient/fetch would otherwise hold close() open.
    this.#server.closeAllConnections();
    await closed;
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return; // the client went away mid-body; nothing to answer
    }
    const url = new URL(req.url ?? '/', this.baseUrl);
    const tooLarge = Buffer.byteLength(raw) > SLACK_LIMITS.requestBodyBytes;
    if (tooLarge && url.pathname.startsWith('/api/')) {
      this.#onTooLarge(url, req, raw, res);
    } else if (tooLarge && req.method === 'POST' && url.pathname.startsWith('/response/')) {
      // Refused before the webhook looks at it, so it is not recorded and does not use the URL up.
      res.writeHead(413, { 'content-type': 'text/plain' }).end('request_too_large');
    } else if (url.pathname.startsWith('/api/')) {
      this.#onApiCall(url, req, raw, res);
    } else if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      this.#onResponseUrl(url.pathname.slice('/response/'.length), raw, res);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  }

  #onApiCall(url: URL, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const fault = this.#faults.take(method);
    let args: Record<string, unknown> = {};
    let status = 200;
    let response: ApiBody | undefined;
    let headers: Record<string, string> = {};
    try {
      args = parseApiArgs(req.headers['content-type'], raw, url.searchParams);
    } catch (error) {
      if (!(error instanceof ApiArgsError)) throw error;
      response = { ok: false, error: error.message };
    }
    const token = tokenFrom(req.headers.authorization, args);
    if (fault && !isDelayOnly(fault)) {
      ({ status, response, headers } = faultReply(fault));
    } else {
      response ??= this.#api.call(method, args, token);
    }
    // Recorded on arrival (not on answer) so waitForCall() fires even while a delayed answer is pending.
    this.#calls.push({ method, args, token, at: this.#now(), status, response, ...(fault && { fault }) });
    const answer = () => {
      // A held call whose caller gave up (timed out) has nobody left to answer.
      if (res.destroyed) return;
      this.#answer(res, fault, () => {
        if (response === undefined) return void res.socket?.destroy();
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(response));
      });
    };
    const hold = this.#holds.get(method);
    if (hold !== undefined) hold.push(answer);
    else answer();
  }

  /** Slack's edge refuses an oversized body with 413 before the method runs; recorded so tests see it. */
  #onTooLarge(url: URL, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    let args: Record<string, unknown> = {};
    try {
      args = parseApiArgs(req.headers['content-type'], raw, url.searchParams);
    } catch {
      // Unparseable and too large: the 413 is the answer either way.
    }
    const response: ApiBody = { ok: false, error: 'request_too_large' };
    this.#calls.push({
      method,
      args,
      token: tokenFrom(req.headers.authorization, args),
      at: this.#now(),
      status: 413,
      response,
    });
    res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(response));
  }

  #onResponseUrl(id: string, raw: string, res: ServerResponse): void {
    const fault = this.#faults.take(RESPONSE_URL_FAULT);
    const hold = this.#holds.get(RESPONSE_URL_FAULT);
    if (hold !== undefined && fault === undefined) {
      // Recorded now, answered on release: the poster is still waiting while the test looks.
      const reply = this.#responseUrls.post(id, raw);
      hold.push(() => {
        if (!res.destroyed)
          res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
      });
      return;
    }
    this.#answer(res, fault, () => {
      if (fault?.networkError) return void res.socket?.destroy();
      const reply =
        fault && !isDelayOnly(fault)
          ? { status: fault.status ?? 500, contentType: 'text/plain', body: fault.error ?? 'internal_error' }
          : this.#responseUrls.post(id, raw);
      res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
    });
  }

  #answer(res: ServerResponse, fault: FaultSpec | undefined, send: () => void): void {
    if (fault?.delayMs === undefined) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.#delays.delete(timer);
      send();
    }, fault.delayMs);
    this.#delays.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      this.#delays.delete(timer);
    });
  }
}

function faultReply(fault: FaultSpec): {
  status: number;
  response: ApiBody | undefined;
  headers: Record<string, string>;
} {
  if (fault.networkError) return { status: 0, response: undefined, headers: {} };
  if (fault.retryAfter !== undefined) {
    return {
      status: fault.status ?? 429,
      response: { ok: false, error: fault.error ?? 'ratelimited' },
      headers: { 'retry-after': String(fault.retryAfter) },
    };
  }
  if (fault.status !== undefined) {
    return {
      status: fault.status,
      response: { ok: false, error: fault.error ?? 'fake_http_error' },
      headers: {},
    };
  }
  if (fault.error !== undefined)
    return { status: 200, response: { ok: false, error: fault.error }, headers: {} };
  return { status: 500, response: { ok: false, error: 'fake_http_error' }, headers: {} };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
