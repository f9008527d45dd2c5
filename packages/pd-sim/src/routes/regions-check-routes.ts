import { regionInfoJson } from '../region-info.js';
import { PeerRole } from '../region-table.js';
import { renderOctetJson } from '../render.js';
import type { SimCluster } from '../sim-cluster.js';
import type { RouteDef } from './route-table.js';

const API = '/pd/api/v1';
const MAX_REPLICAS = 3;

/** The kinds the bot offers; PD registers each as its own route, so any other kind is a router 404. */
export const REGION_CHECK_KINDS = [
  'down-peer',
  'pending-peer',
  'offline-peer',
  'miss-peer',
  'extra-peer',
  'learner-peer',
] as const;
type Kind = (typeof REGION_CHECK_KINDS)[number];

/**
 * §5.3 `GET /regions/check/{kind}`: `{"count":N,"regions":[RegionInfo…]}` as compact octet-stream
 * JSON, unpaged (PD answers its whole list for that state). The simulator's rule for down/pending is
 * a peer on a store silent for 10+ min, as in region/id; offline is a peer on an Offline store.
 */
export function regionsCheckRoutes(cluster: SimCluster): RouteDef[] {
  return REGION_CHECK_KINDS.map((kind) => ({
    method: 'GET' as const,
    pattern: `${API}/regions/check/${kind}`,
    handler: () => {
      const indexes = matching(cluster, kind);
      return renderOctetJson(200, {
        count: indexes.length,
        regions: indexes.map((index) => regionInfoJson(cluster, index)),
      });
    },
  }));
}

/**
 * Replicas against max-replicas 3: a TiFlash learner is its own placement rule in PD, so it is
 * neither missing nor extra; only voters count.
 */
function voters(peers: readonly { role: number }[]): number {
  return peers.filter((p) => p.role !== PeerRole.Learner).length;
}

function matching(cluster: SimCluster, kind: Kind): number[] {
  const now = cluster.clock.nowWallMs();
  const out: number[] = [];
  for (let index = 0; index < cluster.regions.count; index++) {
    const { peers } = cluster.snapshotAt(index);
    const keep =
      kind === 'down-peer' || kind === 'pending-peer'
        ? peers.some((p) => cluster.store(p.storeId)?.isUnhealthy(now) ?? true)
        : kind === 'offline-peer'
          ? peers.some((p) => cluster.store(p.storeId)?.state === 'Offline')
          : kind === 'learner-peer'
            ? peers.some((p) => p.role === PeerRole.Learner)
            : kind === 'miss-peer'
              ? voters(peers) < MAX_REPLICAS
              : voters(peers) > MAX_REPLICAS;
    if (keep) out.push(index);
  }
  return out;
}
