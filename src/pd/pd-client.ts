import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import { type Metrics, NO_METRICS } from '../core/metrics/metrics.js';
import { describeAttempts } from '../core/pd/describe-attempts.js';
import {
  isPdError,
  type PdAttempt,
  type PdError,
  PdHttpError,
  PdTransportError,
  type PdTransportErrorCode,
} from '../core/pd/pd-errors.js';
import type { PdResponse, PdSendContext, PdTransport } from '../core/pd/pd-port.js';
import { classifyTransportError, errorCodes, errorText } from './classify-transport-error.js';
import { decodePdMessage } from './decode-pd-body.js';
import { formatByteLimit } from './format-byte-limit.js';
import { isNotServing, mayTryNextEndpoint } from './may-try-next-endpoint.js';
import { encodePdBody, type PdRequest } from './pd-request.js';
import { classifyTlsError, type PdTlsOptions, tlsFailureMessage } from './pd-tls.js';
import { isConnectPhase, preciseConnector } from './precise-connector.js';
import { readCappedBody } from './read-capped-body.js';

export type { PdResponse, PdSendContext, PdTransport } from '../core/pd/pd-port.js';

export const CALLER_ID = 'tikv-chatops';

/** PD's answers the bot sends are a few hundred bytes; anything past this is not worth memory. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface PdClientOptions {
  /**
   * Base URL of one PD, e.g. http://pd-0:2379, or several of one cluster: a request goes to the one
   * that last answered and moves on only when PD cannot have acted (see send()).
   */
  readonly endpoint: string | readonly string[];
  /** CA, client certificate and key (PEM) for https:// endpoints, like pd-ctl --cacert/--cert/--key. */
  readonly tls?: PdTlsOptions;
  readonly connectTimeoutMs: number;
  /** Time allowed for PD's whole answer (headers and body) once connected. */
  readonly responseTimeoutMs: number;
  /** PD's body is read up to this many bytes (default 1 MiB); the rest is discarded. */
  readonly maxBodyBytes?: number;
  /** Tests use this to fail DNS on purpose; production leaves it alone. */
  readonly connect?: Agent.Options['connect'];
  readonly now?: () => number;
  /** Each exchange with each endpoint is timed and counted here (default: nowhere). */
  readonly metrics?: Metrics;
}

/** The bundled PD simulator marks every answer with this header; the start-up probe reads it. */
export const SIMULATOR_HEADER = 'x-tikv-chatops-simulator';

/**
 * PD HTTP client on undici. Sends exactly pd-ctl's bodies; any non-2xx becomes a PdHttpError with
 * PD's raw body; no-answer cases become distinct PdTransportErrors. A request PD may have acted on
 * is never sent again, to this endpoint or another: a POST must never be applied twice.
 */
export class PdClient implements PdTransport {
  /** The endpoints joined with commas, as pd-ctl's `-u` takes them: the cluster's PD address. */
  readonly endpoint: string;
  readonly endpoints: readonly string[];
  readonly #agent: Dispatcher;
  readonly #tls: PdTlsOptions | undefined;
  /** Index of the endpoint that last answered: where the next request starts. */
  #preferred = 0;
  /** TLS errors seen on a socket after undici took it, by `localPort:remotePort` (see preciseConnector). */
  readonly #lateTlsErrors = new Map<string, Error>();
  readonly #responseTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #now: () => number;
  readonly #metrics: Metrics;
  #closing: Promise<void> | undefined;

  constructor(options: PdClientOptions) {
    const list = typeof options.endpoint === 'string' ? [options.endpoint] : options.endpoint;
    if (list.length === 0) throw new Error('PdClient needs at least one PD endpoint');
    this.endpoints = list.map((e) => e.replace(/\/+$/, ''));
    this.endpoint = this.endpoints.join(',');
    this.#tls = options.tls;
    this.#responseTimeoutMs = options.responseTimeoutMs;
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#now = options.now ?? (() => performance.now());
    this.#metrics = options.metrics ?? NO_METRICS;
    this.#agent = new Agent({
      headersTimeout: options.responseTimeoutMs,
      bodyTimeout: options.responseTimeoutMs,
      connect: preciseConnector(options.connectTimeoutMs, options.connect, options.tls, this.#lateTlsErrors),
    });
  }

  /**
   * Sends to the endpoint that last answered, then to the next ones in order, but only while PD
   * cannot have acted on the request (mayTryNextEndpoint). The answer, or the last error, carries
   * every attempt.
   */
  async send(request: PdRequest, context: PdSendContext = {}): Promise<PdResponse> {
    return this.#send(request, context);
  }

  /**
   * The start-up probe, `GET /pd/api/v1/version`, and whether the bundled simulator answered it (its
   * header). Only the probe asks: that fact belongs to the cluster's descriptor,
   * decided once at start, never by later answers.
   */
  async probe(): Promise<{ readonly response: PdResponse; readonly simulated: boolean }> {
    const seen = { simulated: false };
    const response = await this.#send({ method: 'GET', path: '/pd/api/v1/version' }, {}, seen);
    return { response, simulated: seen.simulated };
  }

  async #send(
    request: PdRequest,
    context: PdSendContext,
    seen?: { simulated: boolean },
  ): Promise<PdResponse> {
    const attempts: PdAttempt[] = [];
    const count = this.endpoints.length;
    for (let step = 0; step < count; step++) {
      const index = (this.#preferred + step) % count;
      const endpoint = this.endpoints[index] as string;
      try {
        const response = await this.#sendTo(endpoint, request, context, seen);
        this.#preferred = index;
        this.#metrics.pdExchange({
          method: request.method,
          path: request.path,
          durationMs: response.durationMs,
          status: response.status,
        });
        attempts.push({
          endpoint,
          outcome: 'answered',
          status: response.status,
          durationMs: response.durationMs,
        });
        return { ...response, attempts };
      } catch (error) {
        if (!isPdError(error)) throw error;
        this.#metrics.pdExchange({
          method: request.method,
          path: request.path,
          durationMs: error.durationMs,
          ...(error instanceof PdHttpError ? { status: error.status } : { errorCode: error.code }),
        });
        const notServing = error instanceof PdHttpError && isNotServing(error, request.method);
        // A PD that answered, even with a business error, is the one to ask first next time.
        if (error instanceof PdHttpError && !notServing) this.#preferred = index;
        attempts.push(attemptOf(error, notServing));
        error.attempts = [...attempts];
        if (step === count - 1 || !mayTryNextEndpoint(error, request)) throw withAttemptsInMessage(error);
      }
    }
    throw new Error('unreachable: the loop returns or throws');
  }

  async #sendTo(
    endpoint: string,
    request: PdRequest,
    context: PdSendContext,
    seen?: { simulated: boolean },
  ): Promise<PdResponse> {
    const started = this.#now();
    // Once close() has finished, undici answers ClientDestroyedError, which it also uses for
    // requests already on the wire; knowing we closed is what proves this one never left.
    if (this.#closing !== undefined) {
      throw this.#transportError(
        Object.assign(new Error('the PD client is closed'), { code: 'UND_ERR_CLOSED' }),
        endpoint,
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
    try {
      const response = await Promise.race([
        undiciRequest(`${endpoint}${request.path}`, {
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
      if (seen !== undefined) seen.simulated = response.headers[SIMULATOR_HEADER] !== undefined;
      // PD has answered once the status is in: a body too long to keep is cut, not an error.
      const answer = await Promise.race([
        readCappedBody(response.body, Math.max(this.#maxBodyBytes, request.maxBodyBytes ?? 0)),
        aborted,
      ]).catch((error: unknown) => {
        response.body.destroy();
        throw error;
      });
      rawBody = answer.text;
      truncatedAtBytes = answer.truncatedAtBytes;
    } catch (error) {
      throw this.#transportError(error, endpoint, request, this.#now() - started, controller.signal.aborted);
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
        endpoint,
        status,
        contentType,
        rawBody,
        pdMessage,
        durationMs,
        truncatedAtBytes,
      );
    }
    return {
      request,
      endpoint,
      status,
      contentType,
      rawBody,
      pdMessage,
      durationMs,
      ...(truncatedAtBytes !== undefined && { truncatedAtBytes }),
    };
  }

  /** Lets requests in flight finish; any send after this fails with PD_CLIENT_CLOSED, unsent. */
  close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    return this.#closing;
  }

  /**
   * Like close(), but aborts requests in flight instead of waiting for them: for reads nobody will
   * look at any more (a follow-up's poll at shutdown), never for a write.
   */
  destroy(): Promise<void> {
    this.#closing ??= this.#agent.destroy();
    return this.#closing;
  }

  #transportError(
    error: unknown,
    endpoint: string,
    request: PdRequest,
    durationMs: number,
    deadlineHit: boolean,
  ): PdTransportError {
    const codes = errorCodes(error);
    const late = this.#takeLateTlsError(error);
    if (late) codes.unshift(...errorCodes(late));
    const classified = classifyTlsError(codes, isConnectPhase(error)) ?? classifyTransportError(codes);
    const where = `${request.method} ${endpoint}${request.path}`;
    if (classified.startsWith('PD_TLS_')) {
      const tlsCode = classified as Parameters<typeof tlsFailureMessage>[0];
      const detail = errorText(late ?? error);
      const message = tlsFailureMessage(tlsCode, codes, detail, where, this.#tls);
      return new PdTransportError(tlsCode, request, endpoint, message, durationMs, { cause: late ?? error });
    }
    // A connect-phase failure means nothing was sent, whichever timer noticed first.
    const connectPhase =
      classified === 'PD_CONNECTION_REFUSED' ||
      classified === 'PD_DNS_FAILURE' ||
      classified === 'PD_CONNECT_TIMEOUT' ||
      classified === 'PD_CLIENT_CLOSED';
    const code = connectPhase || !deadlineHit ? classified : 'PD_RESPONSE_TIMEOUT';
    const sent = request.method === 'GET' ? '' : ' It was not retried; check PD before trying again.';
    const messages: Partial<Record<PdTransportErrorCode, string>> = {
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
    const message = messages[code] ?? `${errorText(error)} (${where})`;
    return new PdTransportError(code, request, endpoint, message, durationMs, { cause: error });
  }

  /**
   * undici reports a socket PD closed as "other side closed" even when a TLS alert came first (it
   * keeps the last socket error): a TLS 1.3 client-certificate rejection arrives after the
   * handshake looked done, so the connector keeps such errors and this finds the one for the socket.
   */
  #takeLateTlsError(error: unknown): Error | undefined {
    const socket = (error as { socket?: { localPort?: number; remotePort?: number } } | undefined)?.socket;
    if (socket?.localPort === undefined) return undefined;
    const key = `${socket.localPort}:${socket.remotePort}`;
    const late = this.#lateTlsErrors.get(key);
    this.#lateTlsErrors.delete(key);
    return late;
  }
}

function attemptOf(error: PdError, notServing: boolean): PdAttempt {
  if (error instanceof PdHttpError) {
    return {
      endpoint: error.endpoint,
      outcome: notServing ? 'not-serving' : 'answered',
      status: error.status,
      ...(notServing && { pdMessage: error.pdMessage }),
      durationMs: error.durationMs,
    };
  }
  return { endpoint: error.endpoint, outcome: error.code, durationMs: error.durationMs };
}

/** With one endpoint the message stays as it always was; with several it lists them all. */
function withAttemptsInMessage(error: PdError): PdError {
  if (error.attempts.length > 1) {
    error.message = `${error.message} Endpoints tried: ${describeAttempts(error.attempts)}.`;
  }
  return error;
}
