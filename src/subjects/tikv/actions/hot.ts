import type { ActionParams } from '../../../core/actions/action-definition.js';
import { defineAction } from '../../../core/actions/action-plan.js';
import type { ResultTable } from '../../../core/actions/result-table.js';
import type { PdResponse } from '../../../core/pd/pd-port.js';
import type { PdRequest } from '../../../core/pd/pd-request.js';

const TYPES = ['read', 'write'] as const;
type HotType = (typeof TYPES)[number];

/** Rows shown: the hottest stores, then the hottest regions. */
export const HOT_STORES_SHOWN = 5;
export const HOT_REGIONS_SHOWN = 10;

/**
 * pd-ctl `hot read` / `hot write` (server/api/hot_status.go): statistics.StoreHotPeersInfos, an entry
 * per store (hot or not) under as_peer and as_leader, each with the store's current loads and its hot
 * peers (PD keeps about 60 a store). It grows with stores, never with regions: ~0.6 KB a store plus
 * ~0.4 KB a hot peer, so 32 MiB holds a 10,000-store cluster with hot spots everywhere.
 */
function hotRequest(type: HotType): PdRequest {
  return { method: 'GET', path: `/pd/api/v1/hotspot/regions/${type}`, maxBodyBytes: 32 * 1024 * 1024 };
}

interface PeerStat {
  readonly storeId: number;
  readonly stores: readonly number[];
  readonly isLeader: boolean;
  readonly regionId: number;
  readonly hotDegree: number;
  readonly bytes: number;
  readonly keys: number;
  readonly query: number;
}

interface StoreStat {
  readonly id: number;
  readonly bytes: number;
  readonly keys: number;
  readonly query: number;
  readonly hotPeers: number;
  readonly peers: readonly PeerStat[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** One side (as_peer or as_leader) of PD's answer; undefined when it is not that shape. */
function readSide(value: unknown): StoreStat[] | undefined {
  const side = obj(value);
  if (side === undefined) return undefined;
  const stores: StoreStat[] = [];
  for (const [key, raw] of Object.entries(side)) {
    // GetHotRegions with store_id gives `null` for a store without an entry.
    if (raw === null) continue;
    const stat = obj(raw);
    if (!/^[1-9][0-9]*$/.test(key) || stat === undefined || !Array.isArray(stat.statistics ?? []))
      return undefined;
    const peers: PeerStat[] = [];
    for (const item of (stat.statistics ?? []) as unknown[]) {
      const peer = obj(item);
      if (peer === undefined || typeof peer.region_id !== 'number') return undefined;
      peers.push({
        storeId: num(peer.store_id),
        stores: Array.isArray(peer.stores)
          ? peer.stores.filter((s): s is number => typeof s === 'number')
          : [],
        isLeader: peer.is_leader === true,
        regionId: peer.region_id,
        hotDegree: num(peer.hot_degree),
        bytes: num(peer.flow_bytes),
        keys: num(peer.flow_keys),
        query: num(peer.flow_query),
      });
    }
    stores.push({
      id: Number(key),
      bytes: num(stat.store_bytes),
      keys: num(stat.store_keys),
      query: num(stat.store_query),
      hotPeers: num(stat.regions_count),
      peers,
    });
  }
  return stores;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 12.3MiB/s, as pd-ctl users read PD's rates; bytes in binary units. */
export function formatByteRate(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)}${UNITS[unit]}/s`;
}

/** 1.2k, 3.4M: keys and queries a second. */
export function formatCount(value: number): string {
  if (value < 1000) return String(Math.round(value));
  if (value < 1_000_000) return `${(value / 1000).toFixed(1)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/**
 * The hottest stores by the type's byte rate (their current loads, as as_peer reports them: what
 * `GET /hotspot/stores` gives for that type, without a second O(stores) read) and the hottest
 * regions, each once: its leader's entry (as_leader), else a peer's (a leader on a store under
 * evict-leader is left out of as_leader by PD).
 */
function hotTable(response: PdResponse, params: ActionParams | undefined): ResultTable | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.rawBody);
  } catch {
    return undefined;
  }
  const root = obj(parsed);
  const asPeer = readSide(root?.as_peer);
  const asLeader = readSide(root?.as_leader);
  if (asPeer === undefined || asLeader === undefined) return undefined;
  const type: HotType = params?.type === 'write' ? 'write' : 'read';
  const regions = new Map<number, PeerStat>();
  for (const store of [...asLeader, ...asPeer]) {
    for (const peer of store.peers) if (!regions.has(peer.regionId)) regions.set(peer.regionId, peer);
  }
  const hotStores = [...asPeer]
    .filter((s) => s.bytes > 0 || s.hotPeers > 0)
    .sort((a, b) => b.bytes - a.bytes || a.id - b.id);
  const hottest = [...regions.values()].sort((a, b) => b.bytes - a.bytes || a.regionId - b.regionId);
  const peersWord = type === 'read' ? 'hot leader' : 'hot peer';
  const rows = [
    ...hotStores
      .slice(0, HOT_STORES_SHOWN)
      .map((s) => [
        `store ${s.id}`,
        `${s.hotPeers} ${peersWord}${s.hotPeers === 1 ? '' : 's'}`,
        formatByteRate(s.bytes),
        formatCount(s.keys),
        formatCount(s.query),
        '',
      ]),
    ...hottest.slice(0, HOT_REGIONS_SHOWN).map((p) => {
      const leader = p.isLeader ? `leader ${p.storeId}; ` : '';
      return [
        `region ${p.regionId}`,
        `${leader}peers ${p.stores.join(', ')}`,
        formatByteRate(p.bytes),
        formatCount(p.keys),
        formatCount(p.query),
        String(p.hotDegree),
      ];
    }),
  ];
  const storesWord = `${hotStores.length} store${hotStores.length === 1 ? '' : 's'} with ${type} traffic`;
  const summary =
    regions.size === 0
      ? `no hot ${type} region; ${storesWord}`
      : `${regions.size} hot ${type} region${regions.size === 1 ? '' : 's'}, ${storesWord}; the top ${Math.min(HOT_STORES_SHOWN, hotStores.length)} stores and ${Math.min(HOT_REGIONS_SHOWN, regions.size)} regions by ${type} bytes`;
  return {
    summary,
    columns: ['Hot', 'Where', 'Bytes', 'Keys', 'Queries', 'Degree'],
    rows,
  };
}

/** Read-only: open to everyone under the policy; a dry run shows the GET without sending it. */
export const HOT_ACTION = defineAction({
  name: 'hot',
  description: 'Show the hottest stores and regions for reads or writes (pd-ctl `hot read` / `hot write`)',
  parameters: {
    type: {
      type: 'choice',
      label: 'Read or write',
      description: 'read: regions and stores serving the most reads; write: the most writes',
      required: true,
      choices: TYPES,
    },
  },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: (p) => ({ reads: [], decide: () => ({ sends: [hotRequest(p.type)] }) }),
  present: hotTable,
});
