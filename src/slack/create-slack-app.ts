import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Metrics } from '../core/metrics/metrics.js';
import { admitSlackRequest } from './admit-slack-request.js';
import { boltLogger } from './bolt-logger.js';
import { countingFetch } from './counting-fetch.js';
import { registerAppHome } from './register-app-home.js';
import { registerApprovalActions } from './register-approval-actions.js';
import { registerDmMessages } from './register-dm-messages.js';
import { registerFormContext } from './register-form-context.js';
import { registerParamsModal } from './register-params-modal.js';
import { registerStoreOptions } from './register-store-options.js';
import { registerTikvCommand } from './register-tikv-command.js';
import type { SlackDeps } from './slack-deps.js';

export interface SlackAppOptions {
  readonly botToken: string;
  /** HTTP mode. */
  readonly signingSecret?: string;
  /** Socket Mode, when set. */
  readonly appToken?: string;
  /** Web API base URL (GovSlack, tests). */
  readonly apiUrl?: string;
  readonly port: number;
  /** Interface to listen on in HTTP mode; all interfaces when unset. */
  readonly host?: string;
  /** Socket Mode heartbeat; tests shorten it to see reconnects quickly. */
  readonly clientPingTimeoutMs?: number;
  /** Skips auth.test at start when both are known. */
  readonly botId?: string;
  readonly botUserId?: string;
  /**
   * HTTP mode: extra GET routes on Bolt's server (health probes and metrics). Default: a plain
   * /healthz. Socket Mode serves these on its own port instead.
   */
  /** Each Web API call (Bolt's clients and Socket Mode's) is counted here (default: nowhere). */
  readonly metrics?: Metrics;
  readonly routes?: readonly {
    readonly path: string;
    handler(req: IncomingMessage, res: ServerResponse): void;
  }[];
}

/** Whether Slack traffic can reach the bot now, and if not, why (for /readyz). */
export interface SlackConnection {
  readonly ok: boolean;
  readonly detail: string;
}

export interface SlackFrontEnd {
  readonly app: App;
  readonly mode: 'http' | 'socket';
  /** Resolves once Slack traffic can arrive; in HTTP mode with the bound port. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
  /** Socket Mode: the websocket is open. HTTP mode: the server is listening. */
  connection(): SlackConnection;
}

export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): SlackFrontEnd {
  const logger = boltLogger(deps.logger);
  // Explicit, because Socket Mode otherwise writes a 100-retry policy into these shared options (§5.2).
  const clientOptions = {
    ...(options.apiUrl !== undefined && { slackApiUrl: options.apiUrl }),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: 10_000,
    ...(options.metrics !== undefined && { fetch: countingFetch(options.metrics) }),
  };
  const socket = options.appToken !== undefined;
  const receiver = socket
    ? new SocketModeReceiver({
        appToken: options.appToken as string,
        logger,
        installerOptions: { clientOptions },
        ...(options.clientPingTimeoutMs !== undefined && { clientPingTimeout: options.clientPingTimeoutMs }),
      })
    : new HTTPReceiver({
        signingSecret: options.signingSecret ?? '',
        endpoints: '/slack/events',
        logger,
        customRoutes: (options.routes ?? [PLAIN_HEALTHZ]).map((route) => ({
          path: route.path,
          method: ['GET'],
          handler: (req: IncomingMessage, res: ServerResponse) => route.handler(req, res),
        })),
      });
  // Socket Mode's client says when its websocket opens and closes; Bolt's start() waits for the first.
  let socketState = 'not connected yet';
  if (receiver instanceof SocketModeReceiver) {
    for (const state of ['connected', 'reconnecting', 'disconnecting', 'disconnected'] as const) {
      receiver.client.on(state, () => {
        socketState = state;
        // /readyz follows this state; the log says when and why it changed.
        deps.logger.info(
          { decision: 'slack_connection', state },
          `Socket Mode websocket ${state}${state === 'connected' ? '' : ': /readyz answers 503 until it is open again'}`,
        );
      });
    }
  }
  let server: { readonly listening: boolean } | undefined;
  const app = new App({
    token: options.botToken,
    receiver,
    logger,
    clientOptions,
    // auth.test runs in init(), awaited by start(), instead of an unhandled rejection in the constructor.
    deferInitialization: true,
    ...(options.botId !== undefined &&
      options.botUserId !== undefined && { botId: options.botId, botUserId: options.botUserId }),
  });
  app.error(async (error) => {
    deps.logger.error({ err: error, decision: 'listener_error' }, 'unhandled error in a Slack listener');
  });
  // Before the listeners: refuses work while draining and tracks the rest until it has finished.
  app.use(admitSlackRequest(deps));
  registerTikvCommand(app, deps);
  registerParamsModal(app, deps);
  registerStoreOptions(app, deps);
  registerFormContext(app, deps);
  registerApprovalActions(app, deps);
  registerAppHome(app, deps);
  registerDmMessages(app, deps);

  return {
    app,
    mode: socket ? 'socket' : 'http',
    async start() {
      await app.init();
      if (socket) {
        await app.start();
        return {};
      }
      const started = await app.start(
        options.host !== undefined ? { port: options.port, host: options.host } : options.port,
      );
      server = started;
      const address = started.address();
      return { port: typeof address === 'object' && address ? address.port : options.port };
    },
    stop: () => app.stop().then(() => undefined),
    connection() {
      if (socket) {
        return socketState === 'connected'
          ? { ok: true, detail: 'Socket Mode websocket open' }
          : { ok: false, detail: `Socket Mode websocket ${socketState}` };
      }
      return server?.listening
        ? { ok: true, detail: 'HTTP listening' }
        : { ok: false, detail: server === undefined ? 'HTTP not listening yet' : 'HTTP stopped' };
    },
  };
}

const PLAIN_HEALTHZ = {
  path: '/healthz',
  handler: (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
  },
};
