import { Agent, buildConnector, type Dispatcher, errors, request as undiciRequest } from 'undici';
import { PdHttpError, PdTransportError, type PdTransportErrorCode } from '../core/pd-errors.js';
import type { PdResponse, PdSendContext, PdTransport } from '../core/pd-port.js';
import { decodePdMessage } from './decode-pd-body.js';
import { formatByteLimit } from './format-byte-limit.js';
import { encodePdBody, type PdRequest } from './pd-request.js';
import { readCappedBody } from './read-capped-body.js';

export type { PdResponse, PdSendContext, PdTransport } from '../core/pd-port.js';

export const CALLER_ID = 'tikv-chatops';

/** PD's answers the bot sends are a few hundred bytes; anything past this is not worth memory. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

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

/** The bundled PD simulator marks every answer with this header so messages can say so. */
export const SIMULATOR_HEADER = 'x-tikv-chatops-simulator';

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
  readonly #maxBodyBytes: number;
  readonly #now: () => number;
  #closing: Promise<void> | undefined;

  constructor(options: PdClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.#responseTimeoutMs = options.responseTimeoutMs;
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#now = options.now ?? (() => performance.now());
    this.#agent = new Agent({
      headersTimeout: options.responseTimeoutMs,
      bodyTimeout: options.responseTimeoutMs,
      connect: preciseConnector(options.connectTimeoutMs, options.connect),
    });
  }

  async send(request: PdRequest, context: PdSendContext = {}): Promise<PdResponse> {
    const started = this.#now();
    // Once close() has finished, undici answers ClientDestroyedError, which it also uses for
    // requests already on the wire; knowing we closed is what proves this one never left.
    if (this.#closing !== undefined) {
      throw this.#transportError(
        Object.assign(new Error('the PD client is closed'), { code: 'UND_ERR_CLOSED' }),
        request,
        this.#now() - started,
        false,
      );
    }
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
    let truncatedAtBytes: number | undefined;
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
      // PD has answered once the status is in: a body too long to keep is cut, not an error.
      const answer = await Promise.race([readCappedBody(response.body, this.#maxBodyBytes), aborted]).catch(
        (error: unknown) => {
          response.body.destroy();
          throw error;
        },
      );
      rawBody = answer.text;
      truncatedAtBytes = answer.truncatedAtBytes;
    } catch (error) {
      throw this.#transportError(error, request, this.#now() - started, controller.signal.aborted);
    } finally {
      clearTimeout(deadline);
    }
    const durationMs = this.#now() - started;
    const pdMessage =
      truncatedAtBytes === undefined
        ? decodePdMessage(rawBody)
        : `${rawBody.trim()} … (cut at ${formatByteLimit(truncatedAtBytes)})`;
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
        truncatedAtBytes,
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
      ...(truncatedAtBytes !== undefined && { truncatedAtBytes }),
    };
  }

  /** Lets requests in flight finish; any send after this fails with PD_CLIENT_CLOSED, unsent. */
  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
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
      classified === 'PD_CONNECT_TIMEOUT' ||
      classified === 'PD_CLIENT_CLOSED';
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
      PD_CLIENT_CLOSED: `PD client closed: the bot is shutting down; nothing was sent to PD (${where}).`,
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
  // undici 7.30.2 throws ClientClosedError only from Dispatcher.dispatch once close() has begun,
  // before the request is queued (lib/dispatcher/dispatcher-base.js, dispatch), so nothing left.
  // ClientDestroyedError is not claimed here: destroy() also fails requests already written to the
  // socket with it (client.js kDestroy -> client-h1.js destroy -> onHttpSocketClose), and this client
  // only ever calls close(), which lets in-flight requests finish.
  if (has('UND_ERR_CLOSED')) return 'PD_CLIENT_CLOSED';
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
