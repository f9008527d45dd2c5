import { randomUUID } from 'node:crypto';
import type { DestinationStream, Logger } from 'pino';
import type { BotConfig } from './config/read-env-options.js';
import { ActionRegistry } from './core/action-registry.js';
import { type Clock, Engine, systemClock } from './core/engine.js';
import { createLogger } from './logging/create-logger.js';
import { PdClient } from './pd/pd-client.js';
import { createSlackApp, type SlackFrontEnd } from './slack/create-slack-app.js';
import { postToResponseUrl } from './slack/post-to-response-url.js';
import { TikvSubject } from './subjects/tikv/tikv-subject.js';

export interface BotIo {
  readonly logDestination?: DestinationStream;
  readonly clock?: Clock;
  readonly newCorrelationId?: () => string;
  /** Tests shorten Socket Mode's heartbeat. */
  readonly clientPingTimeoutMs?: number;
  /** Tests bind to loopback only. */
  readonly host?: string;
}

export interface RunningBot {
  readonly slack: SlackFrontEnd;
  readonly logger: Logger;
  /** Bound port in HTTP mode. */
  readonly port?: number;
  stop(): Promise<void>;
}

export function newCorrelationId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

/** The composition root: every piece of I/O is created here and handed to the parts that use it. */
export async function startBot(config: BotConfig, io: BotIo = {}): Promise<RunningBot> {
  const logger = createLogger({
    level: config.logLevel,
    secrets: config.secrets,
    ...(io.logDestination && { destination: io.logDestination }),
  });
  const endpoint = config.pd.endpoints[0] as string;
  const pd = new PdClient({
    endpoint,
    connectTimeoutMs: config.pd.connectTimeoutMs,
    responseTimeoutMs: config.pd.responseTimeoutMs,
  });
  const subject = new TikvSubject(pd);
  const registry = ActionRegistry.fromSource(subject);
  const engine = new Engine({ subject, logger, clock: io.clock ?? systemClock });
  const slack = createSlackApp(
    {
      ...config.slack,
      ...(io.clientPingTimeoutMs !== undefined && { clientPingTimeoutMs: io.clientPingTimeoutMs }),
      ...(io.host !== undefined && { host: io.host }),
    },
    {
      registry,
      engine,
      logger,
      newCorrelationId: io.newCorrelationId ?? newCorrelationId,
      postToResponseUrl,
    },
  );
  const { port } = await slack.start();
  logger.info(
    {
      decision: 'started',
      mode: slack.mode,
      port,
      pdEndpoint: endpoint,
      ignoredPdEndpoints: config.pd.endpoints.slice(1),
      actions: registry.listActionNames(),
    },
    `tikv-chatops is up (${slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${port}`}), PD ${endpoint}`,
  );
  return {
    slack,
    logger,
    ...(port !== undefined && { port }),
    async stop() {
      await slack.stop();
      await pd.close();
      logger.info({ decision: 'stopped' }, 'tikv-chatops stopped');
    },
  };
}
