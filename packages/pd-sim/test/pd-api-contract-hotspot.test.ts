import { describe, expect } from 'vitest';
import { JSON_TYPE } from './call-pd.js';
import { contractTable } from './contract-case.js';

const API = '/pd/api/v1';

type HotPeersStat = {
  store_bytes: number;
  total_flow_bytes: number;
  regions_count: number;
  statistics: Record<string, unknown>[];
};
type Infos = { as_peer: Record<string, HotPeersStat | null>; as_leader: Record<string, HotPeersStat | null> };

/** The field order of statistics.HotPeersStat and HotPeerStatShow, as encoding/json writes them. */
const STAT_FIELDS = [
  'store_bytes',
  'store_keys',
  'store_query',
  'store_cpu',
  'total_flow_bytes',
  'total_flow_keys',
  'total_flow_query',
  'total_flow_cpu',
  'regions_count',
  'statistics',
];
const PEER_FIELDS = [
  'store_id',
  'stores',
  'is_leader',
  'is_learner',
  'region_id',
  'hot_degree',
  'flow_bytes',
  'flow_keys',
  'flow_query',
  'flow_cpu',
  'anti_count',
  'last_update_time',
];

function checkInfos(body: string, type: 'read' | 'write'): void {
  // unrolled/render IndentJSON: two-space indent, trailing newline; Go map keys sorted as strings.
  expect(body.startsWith('{\n  "as_peer": {\n    "1": {\n      "store_bytes": ')).toBe(true);
  expect(body.endsWith('}\n')).toBe(true);
  const infos = JSON.parse(body) as Infos;
  expect(Object.keys(infos)).toEqual(['as_peer', 'as_leader']);
  // Every store with loads: TiKV 1–6 and TiFlash 7 as peers; TiFlash never as leader.
  expect(Object.keys(infos.as_peer).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  expect(Object.keys(infos.as_leader).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
  const all = Object.values(infos.as_peer).filter((s): s is HotPeersStat => s !== null);
  for (const stat of all) {
    expect(Object.keys(stat)).toEqual(STAT_FIELDS);
    expect(stat.regions_count).toBe(stat.statistics.length);
    for (const peer of stat.statistics) expect(Object.keys(peer)).toEqual(PEER_FIELDS);
  }
  const peers = all.flatMap((s) => s.statistics);
  expect(peers.length).toBeGreaterThan(0);
  expect(peers.every((p) => p.anti_count === (type === 'read' ? 12 : 2))).toBe(true);
  // A read is served by the leader; a write lands on every peer, learners included.
  if (type === 'read') expect(peers.every((p) => p.is_leader === true)).toBe(true);
  else expect(peers.some((p) => p.is_leader === false)).toBe(true);
}

/**
 * server/api/hot_status.go (tikv/pd master): GET /hotspot/regions/{read,write} render
 * statistics.StoreHotPeersInfos and GET /hotspot/stores handler.HotStoreStats with rd.JSON (indented
 * application/json). The simulator invents the traffic; the shapes, statuses and errors are PD's.
 */
describe('hotspot answers as PD does', () => {
  contractTable([
    {
      name: 'hot read regions: every loaded store, its hot leaders with their flows',
      method: 'GET',
      path: `${API}/hotspot/regions/read`,
      status: 200,
      contentType: JSON_TYPE,
      expected: (body) => checkInfos(body, 'read'),
    },
    {
      name: 'hot write regions: every replica of a hot region carries its write flow',
      method: 'GET',
      path: `${API}/hotspot/regions/write`,
      status: 200,
      contentType: JSON_TYPE,
      expected: (body) => checkInfos(body, 'write'),
    },
    {
      name: 'store_id limits the answer to those stores',
      method: 'GET',
      path: `${API}/hotspot/regions/read?store_id=2&store_id=7`,
      status: 200,
      contentType: JSON_TYPE,
      expected: (body) => {
        const infos = JSON.parse(body) as Infos;
        expect(Object.keys(infos.as_peer)).toEqual(['2', '7']);
        // TiFlash has no leader entry: GetHotRegions copies a nil, which encodes as null.
        expect(infos.as_leader['7']).toBeNull();
      },
    },
    {
      name: 'a store_id that is no number',
      method: 'GET',
      path: `${API}/hotspot/regions/write?store_id=abc`,
      status: 400,
      contentType: JSON_TYPE,
      expected: '"invalid store id: abc"\n',
    },
    {
      name: 'a store PD does not know',
      method: 'GET',
      path: `${API}/hotspot/regions/write?store_id=99`,
      status: 500,
      contentType: JSON_TYPE,
      expected: '"[PD:core:ErrStoreNotFound]store 99 not found"\n',
    },
    {
      name: 'hot stores: seven rate maps keyed by store id',
      method: 'GET',
      path: `${API}/hotspot/stores`,
      status: 200,
      contentType: JSON_TYPE,
      expected: (body) => {
        const stats = JSON.parse(body) as Record<string, Record<string, number>>;
        expect(Object.keys(stats)).toEqual([
          'bytes-write-rate',
          'bytes-read-rate',
          'keys-write-rate',
          'keys-read-rate',
          'query-write-rate',
          'query-read-rate',
          'cpu-read-rate',
        ]);
        expect(Object.keys(stats['bytes-read-rate'] ?? {})).toEqual(['1', '2', '3', '4', '5', '6', '7']);
        expect(body).toContain('"bytes-write-rate": {\n    "1": ');
      },
    },
  ]);
});
