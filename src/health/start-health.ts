import type { Logger } from 'pino';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { type HealthRoute, healthRoutes } from './health-routes.js';
import { type PartState, type PingTarget, Readiness } from './readiness.js';
import { type HealthServer, startHealthServer } from './start-health-server.js';

export interface StartHealthOptions {
  /** The action names and cluster names: the only values their metric labels take. */
  readonly actions: readonly string[];
  readonly clusters: readonly string[];
  readonly slack: () => PartState;
  readonly followUpsInFlight: () => number;
  readonly logger: Logger;
  /** Socket Mode: serve the routes on this port; absent in HTTP mode (Bolt's server carries them). */
  readonly serve?: { readonly port: number; readonly host: string };
  readonly redis?: PingTarget;
  readonly defaultMetrics?: boolean;
}

export interface Health {
  readonly metrics: PrometheusMetrics;
  readonly readiness: Readiness;
  /** /healthz, /readyz and /metrics, for Bolt's server in HTTP mode. */
  readonly routes: HealthRoute[];
  readonly server?: HealthServer;
}

/**
 * The metrics registry, the readiness state and, in Socket Mode, the health server: started first of
 * all, so liveness answers while PD is probed and the websocket opens (readiness says what is missing).
 */
export async function startHealth(options: StartHealthOptions): Promise<Health> {
  const metrics = new PrometheusMetrics({
    actions: options.actions,
    clusters: options.clusters,
    followUpsInFlight: options.followUpsInFlight,
    ...(options.defaultMetrics !== undefined && { defaultMetrics: options.defaultMetrics }),
  });
  const readiness = new Readiness({
    clusters: options.clusters,
    slack: options.slack,
    ...(options.redis !== undefined && { redis: options.redis }),
  });
  const routes = healthRoutes(readiness, metrics);
  if (options.serve === undefined) return { metrics, readiness, routes };
  const server = await startHealthServer(routes, options.serve);
  options.logger.info(
    { decision: 'health_listening', host: server.host, port: server.port },
    `health and metrics on http://${server.host}:${server.port} (/healthz, /readyz, /metrics)`,
  );
  return { metrics, readiness, routes, server };
}
