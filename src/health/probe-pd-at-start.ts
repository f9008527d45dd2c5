import type { Logger } from 'pino';
import type { ClusterConfig } from '../clusters/cluster-config.js';
import { tlsValidityProblems } from '../clusters/tls-validity-problems.js';
import type { PdClient } from '../pd/pd-client.js';
import { pdDown } from './pd-reachability.js';
import type { Readiness } from './readiness.js';

/**
 * The start-up probe of one cluster's PD (GET /version): logs what answered, gives /readyz its first
 * answer for the cluster, and says whether the bundled simulator answered (the cluster's description).
 */
export async function probePdAtStart(
  cluster: ClusterConfig,
  pd: PdClient,
  logger: Logger,
  now: Date,
  readiness: Readiness,
): Promise<boolean> {
  const fields = { decision: 'pd_probe', cluster: cluster.name, production: cluster.production };
  try {
    const { response, simulated } = await pd.probe();
    readiness.setPd(cluster.name, { ok: true });
    if (simulated) {
      // Configured as a real cluster, answered by the simulator: say so loudly, and in every message.
      logger.warn(
        { decision: 'cluster_simulator_mismatch', cluster: cluster.name, pdEndpoint: response.endpoint },
        `cluster ${cluster.name}: PD says it is the tikv-chatops simulator; every message about it will say so`,
      );
    }
    logger.info(
      {
        ...fields,
        pdEndpoint: response.endpoint,
        pdVersion: versionOf(response.rawBody),
        simulated,
      },
      `cluster ${cluster.name}: PD answered`,
    );
    return simulated;
  } catch (error) {
    readiness.setPd(cluster.name, pdDown(error));
    const errorCode = (error as { code?: unknown }).code;
    // PD refusing an expired client certificate may look like a closed connection: name the cause.
    const tlsProblems = tlsValidityProblems(cluster, now);
    logger.warn(
      {
        ...fields,
        pdEndpoint: pd.endpoint,
        ...(typeof errorCode === 'string' && { errorCode }),
        ...(tlsProblems.length > 0 && { tlsProblems }),
        err: error,
      },
      `cluster ${cluster.name}: PD did not answer at start (${error instanceof Error ? error.message : String(error)})${
        tlsProblems.length > 0 ? `; likely because ${tlsProblems.join('; ')}` : ''
      }; commands for it will report PD errors until it does`,
    );
    return false;
  }
}

function versionOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}
