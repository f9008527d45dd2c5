import type { Logger } from 'pino';
import { ActionRegistry } from '../../core/action-registry.js';
import { type Clock, Engine } from '../../core/engine.js';
import type { Safety } from '../../core/safety.js';
import { PdClient } from '../../pd/pd-client.js';
import { TikvSubject } from './tikv-subject.js';

export interface TikvEngineOptions {
  readonly endpoint: string;
  readonly connectTimeoutMs: number;
  readonly responseTimeoutMs: number;
  /** How much of PD's answer is read (default 1 MiB). */
  readonly maxBodyBytes?: number;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly safety: Safety;
  /** Known up front when the demo starts its own simulator. */
  readonly simulated?: boolean;
}

export interface TikvEngine {
  readonly pd: PdClient;
  readonly registry: ActionRegistry;
  readonly engine: Engine;
}

/** PdClient → TikvSubject → ActionRegistry → Engine: the one chain every composition root uses. */
export function buildTikvEngine(options: TikvEngineOptions): TikvEngine {
  const pd = new PdClient({
    endpoint: options.endpoint,
    connectTimeoutMs: options.connectTimeoutMs,
    responseTimeoutMs: options.responseTimeoutMs,
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
  });
  const subject = new TikvSubject(pd);
  const registry = ActionRegistry.fromSource(subject);
  const engine = new Engine({
    subject,
    logger: options.logger,
    clock: options.clock,
    safety: options.safety,
    ...(options.simulated !== undefined && { simulated: options.simulated }),
  });
  return { pd, registry, engine };
}
