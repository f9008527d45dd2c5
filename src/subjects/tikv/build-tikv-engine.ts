import type { Logger } from 'pino';
import type { ClusterConfig } from '../../clusters/cluster-config.js';
import { ActionRegistry } from '../../core/actions/action-registry.js';
import { type Clock, Engine } from '../../core/engine/engine.js';
import type { ClusterDescriptor, EngineCluster } from '../../core/engine/engine-cluster.js';
import type { Safety } from '../../core/engine/safety.js';
import type { Metrics } from '../../core/metrics/metrics.js';
import { PdClient } from '../../pd/pd-client.js';
import type { PdTlsOptions } from '../../pd/pd-tls.js';
import { TikvSubject } from './tikv-subject.js';

/** One cluster to wire: how messages name it, and how to reach its PD. */
export interface TikvClusterOptions extends Omit<ClusterDescriptor, 'simulated' | 'defaultForChannels'> {
  /** True for the demo's in-process simulator (default false). */
  readonly simulated?: boolean;
  readonly defaultForChannels?: readonly string[];
  /** One or more PD URLs of this cluster, in order. */
  readonly endpoints: readonly string[];
  readonly tls?: PdTlsOptions;
  readonly connectTimeoutMs: number;
  readonly responseTimeoutMs: number;
}

export interface TikvEngineOptions {
  /** Every cluster, in the configured order; at least one. */
  readonly clusters: readonly TikvClusterOptions[];
  /** PD clients already made (createPdClients), e.g. to probe PD first; made here otherwise. */
  readonly pds?: ReadonlyMap<string, PdClient>;
  /** How much of PD's answer is read (default 1 MiB). */
  readonly maxBodyBytes?: number;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly safety: Safety;
  /** Commands, approvals and (for clients made here) PD exchanges are counted here. */
  readonly metrics?: Metrics;
}

export interface TikvEngine {
  /** One PD client per cluster, by cluster name (the start-up probe and shutdown use them). */
  readonly pds: ReadonlyMap<string, PdClient>;
  readonly registry: ActionRegistry;
  readonly engine: Engine;
  /** Closes every PD client. */
  close(): Promise<void>;
}

/** One PD client per cluster (endpoints, TLS, timeouts), by cluster name. */
export function createPdClients(
  clusters: readonly TikvClusterOptions[],
  maxBodyBytes?: number,
  metrics?: Metrics,
): Map<string, PdClient> {
  return new Map(
    clusters.map((c) => [
      c.name,
      new PdClient({
        endpoint: c.endpoints,
        ...(c.tls !== undefined && { tls: c.tls }),
        connectTimeoutMs: c.connectTimeoutMs,
        responseTimeoutMs: c.responseTimeoutMs,
        ...(maxBodyBytes !== undefined && { maxBodyBytes }),
        ...(metrics !== undefined && { metrics }),
      }),
    ]),
  );
}

/** Per cluster PdClient → TikvSubject; one ActionRegistry; one Engine: the chain every composition root uses. */
export function buildTikvEngine(options: TikvEngineOptions): TikvEngine {
  const pds = options.pds ?? createPdClients(options.clusters, options.maxBodyBytes, options.metrics);
  const clusters: EngineCluster[] = options.clusters.map((c) => {
    const pd = pds.get(c.name);
    if (pd === undefined) throw new Error(`no PD client for cluster ${c.name}`);
    return {
      name: c.name,
      ...(c.description !== undefined && { description: c.description }),
      production: c.production,
      simulated: c.simulated ?? false,
      defaultForChannels: c.defaultForChannels ?? [],
      subject: new TikvSubject(pd),
    };
  });
  const registry = ActionRegistry.fromSource((clusters[0] as EngineCluster).subject);
  const engine = new Engine({
    clusters,
    logger: options.logger,
    clock: options.clock,
    safety: options.safety,
    ...(options.metrics !== undefined && { metrics: options.metrics }),
  });
  return {
    pds,
    registry,
    engine,
    close: async () => {
      await Promise.all([...pds.values()].map((pd) => pd.close()));
    },
  };
}

/** A configured cluster as the engine builder takes it: TLS files already read, as PEM text. */
export function tikvClusterOptions(cluster: ClusterConfig): TikvClusterOptions {
  const { tls } = cluster.pd;
  return {
    name: cluster.name,
    ...(cluster.description !== undefined && { description: cluster.description }),
    production: cluster.production,
    defaultForChannels: cluster.defaultForChannels,
    endpoints: cluster.pd.endpoints,
    ...(tls !== undefined && {
      tls: {
        ...(tls.ca !== undefined && { ca: tls.ca.pem }),
        ...(tls.cert !== undefined && { cert: tls.cert.pem }),
        ...(tls.key !== undefined && { key: tls.key.pem }),
      },
    }),
    connectTimeoutMs: cluster.pd.connectTimeoutMs,
    responseTimeoutMs: cluster.pd.responseTimeoutMs,
  };
}
