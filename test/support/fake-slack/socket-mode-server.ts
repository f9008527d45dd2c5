import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { DEFAULT_WAIT_MS, EventLog } from './event-log.js';
import { ackLimitError } from './slack-limits.js';

/** How long close() waits for clients to finish the WebSocket close handshake. */
const CLOSE_GRACE_MS = 1000;

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketConnection {
  /** 1-based, in connection order; a reconnect gets the next number. */
  id: number;
  ticket: string;
  /** Clock time (the fake's `now`) of the connection. */
  at: number;
  /** Flips to false when the socket closes, so a record doubles as a live status. */
  open: boolean;
}

export interface SocketAck {
  envelope_id: string;
  /** What Bolt passed to ack(); `{}` for a bare ack(). Absent only if a client omits it. */
  payload?: Record<string, unknown>;
  connectionId: number;
  /** Clock time (the fake's `now`) when the ack arrived. */
  at: number;
  /** Real (monotonic) ms from sending the envelope to receiving the ack: compare with Slack's 3 s. */
  elapsedMs: number;
  /** Set when the ack's message breaks Slack's limits; the envelope's `ack` promise then rejects. */
  limitError?: string;
}

export interface SentEnvelope {
  envelopeId: string;
  connectionId: number;
  /** Resolves with the first ack; rejects after `ackTimeoutMs` or when the fake closes. */
  ack: Promise<SocketAck>;
}

export interface SendEnvelopeOptions {
  envelopeId?: string;
  /** Defaults to what Slack sends: false for block_actions and events, true otherwise. */
  acceptsResponsePayload?: boolean;
  /** Defaults to the most recently opened live connection. */
  connectionId?: number;
  ackTimeoutMs?: number;
  /** events_api only: Slack's redelivery count and reason (default 0 and ''). */
  retryAttempt?: number;
  retryReason?: string;
}

interface PendingAck {
  sentAt: number;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The Socket Mode side of the fake: one-time `ticket` URLs, the `hello` handshake, envelope
 * injection and ack collection. ws answers client pings itself (autoPong), which is all the
 * @slack/socket-mode heartbeat needs; no server pings are sent so its server-ping watchdog never arms.
 */
export class SocketModeServer {
  readonly connections = new EventLog<SocketConnection>(
    (c) => `connection #${c.id}${c.open ? '' : ' (closed)'}`,
  );
  readonly acks = new EventLog<SocketAck>((a) => `ack ${a.envelope_id}`);
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Map<number, WebSocket>();
  readonly #pendingAcks = new Map<string, PendingAck>();
  readonly #tickets = new Set<string>();
  readonly #wsBaseUrl: string;
  readonly #appId: string;
  readonly #now: () => number;
  #closed = false;

  constructor(opts: { wsBaseUrl: string; appId: string; now: () => number }) {
    this.#wsBaseUrl = opts.wsBaseUrl;
    this.#appId = opts.appId;
    this.#now = opts.now;
  }

  /** What apps.connections.open returns. Like Slack's, each URL admits one connection. */
  mintUrl(): string {
    const ticket = randomBytes(8).toString('hex');
    this.#tickets.add(ticket);
    return `${this.#wsBaseUrl}/link/?ticket=${ticket}&app_id=${this.#appId}`;
  }

  /** Takes over an HTTP upgrade on /link/; anything else is refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (this.#closed || url.pathname !== '/link/' || !this.#tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, ticket));
  }

  get openConnectionCount(): number {
    return this.#sockets.size;
  }

  sendEnvelope(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    opts: SendEnvelopeOptions = {},
  ): SentEnvelope {
    const [connectionId, ws] = this.#pickSocket(opts.connectionId);
    const envelopeId = opts.envelopeId ?? randomUUID();
    const acceptsResponsePayload =
      opts.acceptsResponsePayload ??
      (type === 'slash_commands' || (type === 'interactive' && payload.type !== 'block_actions'));
    const envelope: Record<string, unknown> = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: acceptsResponsePayload,
      ...(type === 'events_api' && {
        retry_attempt: opts.retryAttempt ?? 0,
        retry_reason: opts.retryReason ?? '',
      }),
    };
    const timeoutMs = opts.ackTimeoutMs ?? DEFAULT_WAIT_MS;
    const ack = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pendingAcks.delete(envelopeId);
        reject(new Error(`no ack for ${type} envelope ${envelopeId} within ${timeoutMs}ms`));
      }, timeoutMs);
      this.#pendingAcks.set(envelopeId, { sentAt: performance.now(), resolve, reject, timer });
    });
    // A test that only looks at `fake.acks` must not fail on an unhandled rejection of this promise.
    ack.catch(() => {});
    ws.send(JSON.stringify(envelope));
    return { envelopeId, connectionId, ack };
  }

  /** Sends Slack's `disconnect` message; the client is expected to close and reconnect itself. */
  disconnect(reason: string): void {
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake' } });
    for (const ws of this.#sockets.values()) ws.send(message);
  }

  /** Kills every socket without a close frame, like a network loss. */
  drop(): void {
    for (const ws of this.#sockets.values()) ws.terminate();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const error = new Error('fake Slack closed');
    for (const pending of this.#pendingAcks.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pendingAcks.clear();
    this.connections.close(error);
    this.acks.close(error);
    await this.#closeGracefully();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  /**
   * Bolt's SocketModeReceiver.stop() resolves before its close handshake finishes, so a plain
   * terminate() here would make the client log a 1006 "WebSocket error". Closing with a frame and
   * giving the handshake a moment keeps teardown quiet; stragglers are terminated.
   */
  async #closeGracefully(): Promise<void> {
    const sockets = [...this.#sockets.values()];
    if (sockets.length === 0) return;
    const allClosed = Promise.all(sockets.map((ws) => new Promise((resolve) => ws.once('close', resolve))));
    for (const ws of sockets) ws.close(1001, 'fake Slack closing');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allClosed, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(timer);
    this.drop();
  }

  #accept(ws: WebSocket, ticket: string): void {
    const connection: SocketConnection = {
      id: this.connections.entries.length + 1,
      ticket,
      at: this.#now(),
      open: true,
    };
    this.#sockets.set(connection.id, ws);
    ws.on('close', () => {
      connection.open = false;
      this.#sockets.delete(connection.id);
    });
    // A client error (e.g. a reset) must not become an uncaught 'error' event in the test process.
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.#onMessage(connection.id, data.toString());
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.#sockets.size,
        connection_info: { app_id: this.#appId },
        debug_info: { host: 'fake', build_number: 1, approximate_connection_time: 3600 },
      }),
    );
    this.connections.push(connection);
  }

  #onMessage(connectionId: number, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId !== 'string') return;
    const pending = this.#pendingAcks.get(envelopeId);
    const limitError = ackLimitError(payload);
    const ack: SocketAck = {
      envelope_id: envelopeId,
      ...(typeof payload === 'object' && payload !== null && { payload: payload as Record<string, unknown> }),
      connectionId,
      at: this.#now(),
      elapsedMs: pending ? performance.now() - pending.sentAt : Number.NaN,
      ...(limitError !== undefined && { limitError }),
    };
    // Record every ack, duplicates included: a double ack is a bug a test may want to see.
    this.acks.push(ack);
    if (pending) {
      clearTimeout(pending.timer);
      this.#pendingAcks.delete(envelopeId);
      if (limitError !== undefined) pending.reject(new Error(limitError));
      else pending.resolve(ack);
    }
  }

  #pickSocket(connectionId: number | undefined): [number, WebSocket] {
    if (connectionId !== undefined) {
      const ws = this.#sockets.get(connectionId);
      if (!ws) throw new Error(`socket connection #${connectionId} is not open`);
      return [connectionId, ws];
    }
    const newest = [...this.#sockets.entries()].at(-1);
    if (!newest) {
      throw new Error('no open Socket Mode connection: await fake.waitForSocketConnection() first');
    }
    return newest;
  }
}
