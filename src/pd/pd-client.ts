import { Agent, buildConnector, type Dispatcher, errors, request as undiciRequest } from 'undici';
import { decodePdMessage } from './decode-pd-body.js';
import { PdHttpError, PdTransportError, type PdTransportErrorCode } from './pd-errors.js';
import {
  encodePdBody,
  evictLeaderSchedulerRequest,
  type PdRequest,
  transferLeaderRequest,
  transferPeerRequest,
} from './pd-request.js';

export const CALLER_ID = 'tikv-chatops';

export interface PdClientOptions {
  /** Base URL of one PD, e.g. http://pd-0:2379 (failover across endpoints comes later). */
  readonly endpoint: string;
  readonly connectTimeoutMs: number;
  /** Time allowed for PD's whole answer (headers and body) once connected. */
  readonly responseTimeoutMs: number;
  /** PD's body is read up to this many bytes (default 1 MiB); the rest is discarded. */
  readonly maxBodyBytes?: number;
  /** Tests use this to fail DNS on purpose; production leaves it alone. */
  readonly connect?: Agent.Options['connect'];
  readonly now?: () => number;
}

/** What PD answered with a 2xx. */
export interface PdResponse {
  readonly request: PdRequest;
  readonly endpoint: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly rawBody: string;
  readonly pdMessage: string;
  readonly durationMs: number;
  /** PD is the bundled simulator (it says so in a response header). */
  readonly simulated: boolean;
  /** Set when PD's body was longer than the client's limit: rawBody holds only this many bytes. */
  readonly truncatedAtBytes?: number;
}

/** The bundled PD simulator marks every answer with this header so messages can say so. */
export const SIMULATOR_HEADER = 'x-tikv-chatops-simulator';

export interface PdSendContext {
  /** Sent as X-Request-Id so PD-side proxies and logs can be matched with the bot's audit trail. */
  readonly correlationId?: string;
}

/** Anything that can carry a PdRequest to PD: the real client, or a recorder for previews. */
export interface PdTransport {
  readonly endpoint: string;
  send(request: PdRequest, context?: PdSendContext): Promise<PdResponse>;
}

/**
 * PD HTTP client on undici. Sends exactly pd-ctl's bodies; any non-2xx becomes a PdHttpError with
 * PD's raw body; no-answer cases become distinct PdTransportErrors. Nothing is retried: a POST PD
 * may have applied must never be applied twice.
 */
export class PdClient implements PdTransport {
  readonly endpoint: string;
  readonly #agent: Dispatcher;
  readonly #responseTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #now: () => number;

  constructor(options: PdClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.#responseTimeoutMs = options.responseTimeoutMs;
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#now = options.now ?? (() => performance.now());
    this.#agent = new Agent({
      headersTimeout: options.responseTimeoutMs,
      bodyTimeout: options.responseTimeoutMs,
      connect: preciseConnector(options.connectTimeoutMs, options.connect),
    });
  }

  addTransferLeaderOperator(
    regionId: number,
    toStoreId: number,
    context?: PdSendContext,
  ): Promise<PdResponse> {
    return this.send(transferLeaderRequest(regionId, toStoreId), context);
  }

  addTransferPeerOperator(
    regionId: number,
    fromStoreId: number,
    toStoreId: number,
    context?: PdSendContext,
  ): Promise<PdResponse> {
    return this.send(transferPeerRequest(regionId, fromStoreId, toStoreId), context);
  }

  addEvictLeaderScheduler(storeId: number, context?: PdSendContext): Promise<PdResponse> {
    return this.send(evictLeaderSchedulerRequest(storeId), context);
  }

  async send(request: PdRequest, context: PdSendContext = {}): Promise<PdResponse> {
    const started = this.#now();
    const body = encodePdBody(request);
    const headers: Record<string, string> = { 'x-caller-id': CALLER_ID, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (context.correlationId) headers['x-request-id'] = context.correlationId;
    // undici's connect timer is coarse and its header/body timers are idle timers, and undici
    // ignores an abort until a socket is assigned; racing this deadline bounds the whole exchange.
    const controller = new AbortController();
    const deadline = setTimeout(
      () => controller.abort(new Error('deadline')),
      this.#connectTimeoutMs + this.#responseTimeoutMs + 50,
    );
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    aborted.catch(() => {});
    let status: number;
    let contentType: string | undefined;
    let rawBody: string;
    let simulated = false;
    try {
      const response = await Promise.race([
        undiciRequest(`${this.endpoint}${request.path}`, {
          method: request.method,
          headers,
          ...(body !== undefined && { body }),
          dispatcher: this.#agent,
          signal: controller.signal,
        }),
        aborted,
      ]);
      status = response.statusCode;
      const header = response.headers['content-type'];
      contentType = Array.isArray(header) ? header[0] : header;
      simulated = response.headers[SIMULATOR_HEADER] !== undefined;
      rawBody = await Promise.race([response.body.text(), aborted]);
    } catch (error) {
      throw this.#transportError(error, request, this.#now() - started, controller.signal.aborted);
    } finally {
      clearTimeout(deadline);
    }
    const durationMs = this.#now() - started;
    const pdMessage = decodePdMessage(rawBody);
    if (status < 200 || status > 299) {
      throw new PdHttpError(
        request,
        this.endpoint,
        status,
        contentType,
        rawBody,
        pdMessage,
        durationMs,
        simulated,
      );
    }
    return {
      request,
      endpoint: this.endpoint,
      status,
      contentType,
      rawBody,
      pdMessage,
      durationMs,
      simulated,
    };
  }

  close(): Promise<void> {
    return this.#agent.close();
  }

  #transportError(
    error: unknown,
    request: PdRequest,
    durationMs: number,
    deadlineHit: boolean,
  ): PdTransportError {
    // A connect-phase failure means nothing was sent, whichever timer noticed first.
    const classified = classify(error);
    const connectPhase =
      classified === 'PD_CONNECTION_REFUSED' ||
      classified === 'PD_DNS_FAILURE' ||
      classified === 'PD_CONNECT_TIMEOUT';
    const code = connectPhase || !deadlineHit ? classified : 'PD_RESPONSE_TIMEOUT';
    const where = `${request.method} ${this.endpoint}${request.path}`;
    const sent = request.method === 'GET' ? '' : ' It was not retried; check PD before trying again.';
    const messages: Record<PdTransportErrorCode, string> = {
      PD_CONNECTION_REFUSED: `PD refused the connection (${where}): nothing is listening there; nothing was sent.`,
      PD_DNS_FAILURE: `PD host name could not be resolved (${where}); nothing was sent.`,
      PD_CONNECT_TIMEOUT: `Could not connect to PD within ${this.#connectTimeoutMs} ms (${where}); nothing was sent.`,
      PD_RESPONSE_TIMEOUT:
        classified === 'PD_RESPONSE_TIMEOUT'
          ? `PD did not answer within ${this.#responseTimeoutMs} ms (${where}).${sent}`
          : `PD did not answer within ${this.#connectTimeoutMs + this.#responseTimeoutMs} ms, connecting included (${where}).${sent}`,
      PD_CONNECTION_RESET: `PD closed the connection before answering (${where}).${sent}`,
      PD_NETWORK_ERROR: `Network error talking to PD (${where}): ${errorText(error)}.${sent}`,
    };
    return new PdTransportError(code, request, this.endpoint, messages[code], durationMs, { cause: error });
  }
}

/**
 * undici's own connect timer ticks in ~500 ms steps; this one fires on time, so "could not connect"
 * is reported as such (nothing sent) and within the configured time.
 */
function preciseConnector(timeoutMs: number, options: PdClientOptions['connect']): buildConnector.connector {
  const base = buildConnector({ ...(typeof options === 'object' ? options : {}), timeout: timeoutMs });
  return (connectOptions, callback) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      callback(new errors.ConnectTimeoutError(`connect timeout after ${timeoutMs} ms`), null);
    }, timeoutMs);
    base(connectOptions, (error, socket) => {
      if (settled) {
        socket?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (error) callback(error, null);
      else callback(null, socket as NonNullable<typeof socket>);
    });
  };
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string') codes.push(code);
      const inner = current as { cause?: unknown; errors?: unknown[] };
      // Happy-eyeballs connects fail with an AggregateError holding one error per address.
      if (Array.isArray(inner.errors)) for (const e of inner.errors) codes.push(...errorCodes(e));
      current = inner.cause;
    } else break;
  }
  return codes;
}

function classify(error: unknown): PdTransportErrorCode {
  const codes = errorCodes(error);
  const has = (...wanted: string[]) => wanted.some((c) => codes.includes(c));
  if (has('ECONNREFUSED')) return 'PD_CONNECTION_REFUSED';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA')) return 'PD_DNS_FAILURE';
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')) return 'PD_CONNECT_TIMEOUT';
  if (has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_ABORTED', 'ABORT_ERR'))
    return 'PD_RESPONSE_TIMEOUT';
  if (has('ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE')) return 'PD_CONNECTION_RESET';
  return 'PD_NETWORK_ERROR';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
