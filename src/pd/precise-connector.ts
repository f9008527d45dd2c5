import type { Socket } from 'node:net';
import { type Agent, buildConnector, errors } from 'undici';
import type { PdTlsOptions } from './pd-tls.js';

/**
 * undici's own connect timer ticks in ~500 ms steps; this one fires on time, so "could not connect"
 * is reported as such (nothing sent) and within the configured time.
 */
export function preciseConnector(
  timeoutMs: number,
  options: Agent.Options['connect'],
  tls: PdTlsOptions | undefined,
  lateTlsErrors: Map<string, Error>,
): buildConnector.connector {
  const base = buildConnector({
    ...(typeof options === 'object' ? options : {}),
    ...(tls?.ca !== undefined && { ca: tls.ca }),
    ...(tls?.cert !== undefined && { cert: tls.cert }),
    ...(tls?.key !== undefined && { key: tls.key }),
    timeout: timeoutMs,
  } as buildConnector.BuildOptions);
  return (connectOptions, callback) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      callback(
        markConnectPhase(new errors.ConnectTimeoutError(`connect timeout after ${timeoutMs} ms`)),
        null,
      );
    }, timeoutMs);
    const done: Parameters<typeof base>[1] = (error, socket) => {
      if (settled) {
        socket?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (error) {
        callback(markConnectPhase(error), null);
        return;
      }
      const connected = socket as NonNullable<typeof socket>;
      if ('encrypted' in connected) keepLateTlsErrors(connected, lateTlsErrors);
      callback(null, connected);
    };
    try {
      base(connectOptions, done);
    } catch (error) {
      // tls.connect throws at once when the CA, certificate or key cannot be loaded.
      done(error instanceof Error ? error : new Error(String(error)), null);
    }
  };
}

const LATE_TLS_ERRORS_KEPT = 32;

function keepLateTlsErrors(socket: Socket, into: Map<string, Error>): void {
  const key = `${socket.localPort}:${socket.remotePort}`;
  socket.prependListener('error', (error: Error & { code?: unknown }) => {
    if (typeof error.code !== 'string' || !error.code.startsWith('ERR_SSL_') || into.has(key)) return;
    // Only failed requests read this back; the cap keeps errors nobody asked for from piling up.
    if (into.size >= LATE_TLS_ERRORS_KEPT) into.delete(into.keys().next().value as string);
    into.set(key, error);
  });
}

const CONNECT_PHASE = Symbol('pd-connect-phase');

/** Errors from the connector happened before undici had a socket to write the request to. */
function markConnectPhase(error: Error): Error {
  Object.defineProperty(error, CONNECT_PHASE, { value: true });
  return error;
}

export function isConnectPhase(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    if ((current as { [CONNECT_PHASE]?: boolean })[CONNECT_PHASE]) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
