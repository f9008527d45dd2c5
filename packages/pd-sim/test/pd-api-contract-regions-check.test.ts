import { describe, expect } from 'vitest';
import { JSON_TYPE, OCTET_TYPE, TEXT_TYPE } from './call-pd.js';
import { type ContractCase, contractTable } from './contract-case.js';

const API = '/pd/api/v1';
type RegionsInfo = {
  count: number;
  regions: { id: number; peers: { store_id: number; role_name: string }[] }[];
};
const parse = (body: string) => JSON.parse(body) as RegionsInfo;

/**
 * tikv/pd master server/api/region.go: each `/regions/check/{kind}` handler calls
 * getRegionsByType(w, typ, r) → handler.GetRegionsByType(typ) → response.MarshalRegionsInfoJSON →
 * h.rd.Data(w, 200, b): compact `{"count":N,"regions":[…]}` as application/octet-stream, with no limit
 * read from the query (r is used only for its context). Kinds are separate routes in router.go, so an
 * unknown kind is the router's plain-text 404.
 */
describe('regions/check answers exactly as PD (pd-api.md §5.3)', () => {
  const check = (kind: string, expected: ContractCase['expected']): ContractCase => ({
    name: `${kind} lists every region in that state with its count`,
    method: 'GET',
    path: `${API}/regions/check/${kind}`,
    status: 200,
    contentType: OCTET_TYPE,
    expected,
  });
  contractTable([
    check('down-peer', (body) => {
      const info = parse(body);
      expect(body.startsWith('{"count":')).toBe(true);
      expect(body.endsWith('\n')).toBe(false);
      expect(info.count).toBe(info.regions.length);
      expect(info.count).toBeGreaterThan(0);
      expect(info.regions.every((r) => r.peers.some((p) => p.store_id === 6))).toBe(true);
    }),
    check('pending-peer', (body) => {
      expect(parse(body).regions.every((r) => r.peers.some((p) => p.store_id === 6))).toBe(true);
    }),
    check('offline-peer', (body) => {
      const info = parse(body);
      expect(info.count).toBeGreaterThan(0);
      expect(info.regions.every((r) => r.peers.some((p) => p.store_id === 5))).toBe(true);
    }),
    check('learner-peer', (body) => {
      const info = parse(body);
      expect(info.count).toBeGreaterThan(0);
      expect(info.regions.every((r) => r.peers.some((p) => p.role_name === 'Learner'))).toBe(true);
    }),
    check('miss-peer', '{"count":0,"regions":[]}'),
    check('extra-peer', '{"count":0,"regions":[]}'),
    {
      name: 'an unknown kind is the router 404',
      method: 'GET',
      path: `${API}/regions/check/sick-peer`,
      status: 404,
      contentType: TEXT_TYPE,
      expected: '404 page not found\n',
    },
  ]);
});

/**
 * tikv/pd master server/api/region.go GetRegion (`/region/key/{key}`): url.QueryUnescape, then
 * apiutil.ParseHexKeys when `?format=hex` (hex.DecodeString's errors as a 400 JSON string), then
 * response.MarshalRegionInfoJSON written with h.rd.Data: 200 compact octet-stream JSON.
 */
describe('region/key answers exactly as PD (pd-api.md §5.1)', () => {
  contractTable([
    {
      name: 'a hex key inside region 42 finds region 42',
      method: 'GET',
      path: `${API}/region/key/7480000000000000FF645F728000000000FF0000010000000000FA?format=hex`,
      status: 200,
      contentType: OCTET_TYPE,
      expected: (body) => {
        const region = JSON.parse(body) as { id: number; start_key: string; end_key: string };
        const key = '7480000000000000FF645F728000000000FF0000010000000000FA';
        expect(region.start_key <= key && (region.end_key === '' || key < region.end_key)).toBe(true);
      },
    },
    {
      name: 'a raw key (a space) sorts before every table key, so it is in the first region',
      method: 'GET',
      path: `${API}/region/key/%20`,
      status: 200,
      contentType: OCTET_TYPE,
      expected: (body) => expect((JSON.parse(body) as { start_key: string }).start_key).toBe(''),
    },
    {
      name: 'a key that is not hex is hex.DecodeString error',
      method: 'GET',
      path: `${API}/region/key/7g?format=hex`,
      status: 400,
      contentType: JSON_TYPE,
      expected: '"encoding/hex: invalid byte: U+0067 \'g\'"\n',
    },
    {
      name: 'an odd-length hex key',
      method: 'GET',
      path: `${API}/region/key/748?format=hex`,
      status: 400,
      contentType: JSON_TYPE,
      expected: '"encoding/hex: odd length hex string"\n',
    },
  ]);
});
