import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { FaultController, type FaultSpec } from './faults.js';
import { goPathUnescape } from './go-query-unescape.js';
import { PD_BUILD } from './pd-build.js';
import { renderPlainText, type SimResponse } from './render.js';
import { type RecordedRequest, RequestLog } from './request-log.js';
import { createPdRouter } from './routes/pd-router.js';
import { SimClock } from './sim-clock.js';
import { SimCluster } from './sim-cluster.js';
import { streamFaultBody } from './stream-fault-body.js';

export { DEMO_REGIONS, DOWN_STORE_ID, OFFLINE_STORE_ID } from './default-topology.js';
export type { ActiveFault, FaultSpec } from './faults.js';
export { FaultController, parseFaultSpec } from './faults.js';
export { PD_BUILD } from './pd-build.js';
export type { RecordedRequest } from './request-log.js';
export { SimClock } from './sim-clock.js';
export { SimCluster } from './sim-cluster.js';

export interface PdSimOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Topology seed; default 1. */
  seed?: number;
  /** Number of TiKV stores (a TiFlash store is added as id stores+1); default 6. */
  stores?: number;
  /** Default 1,000. */
  regions?: number;
  /** Bring your own clock (e.g. to share simulated time); default depends on `timing`. */
  clock?: SimClock;
  /** 'realtime' (default): simulated time follows the wall clock. 'manual': only advance() moves it. */
  timing?: 'realtime' | 'manual';
  /** Faults active from the start (objects or strings, see faults.ts). */
  faults?: readonly (FaultSpec | string)[];
  /**
   * PD version reported by /version, /status and members (default PD_BUILD.version); TiKV stores report
   * its release without the `v` and the `git describe` suffix.
   */
  version?: string;
  /**
   * Serve HTTPS with this key and certificate (PEM), like PD with `security.cert-path`; with `ca`
   * and `requestCert`, clients must present a certificate that CA signed (PD's `cacert-path`).
   */
  tls?: PdSimTlsOptions;
}

export interface PdSimTlsOptions {
  readonly key: string;
  readonly cert: string;
  readonly ca?: string;
  readonly requestCert?: boolean;
}

export interface PdSim {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** Every request received, in arrival order (live array). */
  readonly requests: RecordedRequest[];
  /** Resolves with the first recorded or future request matching `pred`; default timeout 5 s. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  readonly cluster: SimCluster;
  readonly faults: FaultController;
  /** Moves simulated time forward and runs everything that falls due, synchronously. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Marks every answer so the bot can say it talked to the simulator (src/pd/pd-client.ts). */
export const SIMULATOR_HEADER = 'x-tikv-chatops-simulator';
/** PD master a186e0cc as `git describe` names it (pd-build.ts): the build whose behaviour the routes follow. */
export const DEFAULT_PD_VERSION = PD_BUILD.version;
const REALTIME_TICK_MS = 20;
const GARBAGE_BODY = '{"count": 3, "stores": [{"store": {"id": 1, \u0000\u00ff\ufffd<html>';
const NO_LEADER = '[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader';

export async function startPdSim(options: PdSimOptions = {}): Promise<PdSim> {
  const timing = options.timing ?? 'realtime';
  const clock = options.clock ?? new SimClock(timing === 'realtime' ? { startWallMs: Date.now() } : {});
  const version = options.version ?? DEFAULT_PD_VERSION;
  const cluster = new SimCluster({
    seed: options.seed ?? 1,
    stores: options.stores ?? 6,
    regions: options.regions ?? 1_000,
    clock,
    version,
  });
  const router = createPdRouter(cluster);
  const faults = new FaultController(options.faults ?? []);
  const log = new RequestLog();
  const startedAt = performance.now();
  const realTimers = new Set<NodeJS.Timeout>();
  let closed = false;

  let lastReal = performance.now();
  const syncRealtime = (): void => {
    const now = performance.now();
    clock.advance(Math.max(0, now - lastReal));
    lastReal = now;
  };
  const ticker = timing === 'realtime' ? setInterval(syncRealtime, REALTIME_TICK_MS) : undefined;
  ticker?.unref();

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      realTimers.delete(timer);
      run();
    }, ms);
    realTimers.add(timer);
  };

  const send = (res: ServerResponse, response: SimResponse): void => {
    if (res.destroyed || res.headersSent) return;
    const body = Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': String(body.length),
      [SIMULATOR_HEADER]: `pd-sim ${version}`,
    });
    res.end(body);
  };

  const applyFault = (
    fault: FaultSpec,
    res: ServerResponse,
    socket: Socket,
    answer: () => SimResponse,
  ): void => {
    const act = (): void => {
      switch (fault.action) {
        case 'delay':
          return;
        case 'hang':
          return;
        case 'reset':
          if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
          else socket.destroy();
          return;
        case 'status': {
          const status = fault.status ?? 500;
          const text = fault.body ?? `${status} ${httpReason(status)}\n`;
          send(res, {
            status,
            headers: { 'content-type': fault.contentType ?? 'text/plain; charset=utf-8' },
            body: text,
          });
          return;
        }
        case 'garbage':
          send(res, {
            status: 200,
            headers: { 'content-type': 'application/json; charset=UTF-8' },
            body: GARBAGE_BODY,
          });
          return;
        case 'no-leader':
          send(res, renderPlainText(503, NO_LEADER));
          return;
        case 'huge':
        case 'endless':
          if (res.destroyed || res.headersSent) return;
          streamFaultBody(
            res,
            fault.status ?? 200,
            { [SIMULATOR_HEADER]: `pd-sim ${version}` },
            fault.action === 'huge' ? (fault.bytes ?? 0) : undefined,
          );
          return;
      }
    };
    if (fault.action === 'delay') {
      // The request takes effect now; only the answer is late (the risky case for a client that times out).
      const response = answer();
      later(fault.ms ?? 0, () => send(res, response));
      return;
    }
    if (fault.ms !== undefined && fault.ms > 0) later(fault.ms, act);
    else act();
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    if (timing === 'realtime') syncRealtime();
    log.record({
      method,
      path: rawPath,
      query: rawQuery,
      headers,
      body: body.toString('utf8'),
      at: performance.now() - startedAt,
      simAt: clock.elapsedMs,
    });
    const path = goPathUnescape(rawPath);
    if (path === undefined) {
      send(res, renderPlainText(400, '400 Bad Request'));
      return;
    }
    const answer = (): SimResponse =>
      router.handle({ method, path, rawPath, rawQuery, query: new URLSearchParams(rawQuery), headers, body });
    const fault = faults.take(method, path);
    if (fault) applyFault(fault, res, req.socket, answer);
    else send(res, answer());
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (closed) return;
      try {
        handle(req, res, Buffer.concat(chunks));
      } catch (error) {
        // A simulator bug must be loud, but must not take the server down for the other tests.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        send(res, renderPlainText(500, `tikv-chatops pd-sim internal error: ${message}`));
      }
    });
  };
  const tls = options.tls;
  // PD with cacert-path set requires a client certificate (pd-api.md §8), hence rejectUnauthorized.
  const server = tls
    ? createHttpsServer(
        {
          key: tls.key,
          cert: tls.cert,
          ...(tls.ca !== undefined && { ca: tls.ca }),
          requestCert: tls.requestCert ?? false,
          rejectUnauthorized: tls.requestCert ?? false,
        },
        onRequest,
      )
    : createServer(onRequest);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  cluster.members.advertise(url);

  return {
    url,
    requests: log.requests,
    waitForRequest: (pred, timeoutMs) => log.waitForRequest(pred, timeoutMs),
    cluster,
    faults,
    advance: (ms) => clock.advance(ms),
    close: async () => {
      if (closed) return;
      closed = true;
      if (ticker) clearInterval(ticker);
      for (const timer of realTimers) clearTimeout(timer);
      realTimers.clear();
      log.rejectAll('pd-sim closed');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung requests (the `hang` fault) and idle keep-alive sockets would hold close() forever.
        server.closeAllConnections();
      });
    },
  };
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
    429: 'Too Many Requests',
  };
  return reasons[status] ?? 'Error';
}
