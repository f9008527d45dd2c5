import { describe, expect } from 'vitest';
import { JSON_TYPE, OCTET_TYPE, TEXT_TYPE } from './call-pd.js';
import { type ContractCase, contractTable, setupCall } from './contract-case.js';

const API = '/pd/api/v1';
const get = (
  name: string,
  path: string,
  status: number,
  contentType: string | null,
  expected: ContractCase['expected'],
  setup?: ContractCase['setup'],
): ContractCase => ({ name, method: 'GET', path, status, contentType, expected, ...(setup && { setup }) });
type StoreInfo = { store: Record<string, unknown>; status: Record<string, unknown> };
const parseStore = (body: string) => JSON.parse(body) as StoreInfo;

describe('store reads answer exactly as PD (pd-api.md §4)', () => {
  contractTable([
    get(
      'the store list hides Tombstone stores by default',
      `${API}/stores`,
      200,
      JSON_TYPE,
      (body) => {
        const list = JSON.parse(body) as { count: number; stores: StoreInfo[] };
        expect(list.count).toBe(6);
        expect(list.stores.map((s) => s.store.id)).toEqual([1, 2, 3, 4, 6, 7]);
      },
      (sim) => sim.cluster.setStoreState(5, 'Tombstone'),
    ),
    get(
      'numeric ?state= values select metapb states',
      `${API}/stores?state=0&state=1&state=2`,
      200,
      JSON_TYPE,
      (body) => {
        expect((JSON.parse(body) as { count: number }).count).toBe(7);
      },
      (sim) => sim.cluster.setStoreState(5, 'Tombstone'),
    ),
    get(
      'a state name in ?state= is the Atoi error',
      `${API}/stores?state=Up`,
      500,
      JSON_TYPE,
      '"strconv.Atoi: parsing \\"Up\\": invalid syntax"\n',
    ),
    get('an unknown state number', `${API}/stores?state=5`, 500, JSON_TYPE, '"unknown StoreState: 5"\n'),
    get(
      'an unknown store is a 404 string',
      `${API}/store/9`,
      404,
      JSON_TYPE,
      '"[PD:core:ErrStoreNotFound]store 9 not found"\n',
    ),
    {
      ...get(
        'a non-numeric store id is the errcode object',
        `${API}/store/abc`,
        400,
        JSON_TYPE,
        '{\n  "code": "input",\n  "msg": "strconv.ParseUint: parsing \\"abc\\": invalid syntax",\n  "data": {}\n}\n',
      ),
      headers: { 'tidb-error-code': 'input' },
    },
    get('an Up TiKV store omits state and says Up', `${API}/store/4`, 200, JSON_TYPE, (body) => {
      const info = parseStore(body);
      // A TiKV store reports a bare release; the PD build is `git describe`d (src/pd-build.ts).
      expect(info.store).toMatchObject({
        id: 4,
        node_state: 1,
        state_name: 'Up',
        version: '9.0.0-beta.2.pre',
      });
      expect(info.store).not.toHaveProperty('state');
      expect(info.store.labels).toEqual([
        { key: 'zone', value: 'az1' },
        { key: 'host', value: 'tikv-3' },
      ]);
      expect(info.status).not.toHaveProperty('pause_leader_transfer_in');
      expect(info.status.capacity).toBe('2TiB');
      expect(body).toMatch(/"last_heartbeat": \d{19},/);
      expect(Object.keys(info.status).slice(0, 3)).toEqual(['capacity', 'available', 'used_size']);
    }),
    get(
      'the Offline store carries state 1 and node_state Removing',
      `${API}/store/5`,
      200,
      JSON_TYPE,
      (body) => {
        expect(parseStore(body).store).toMatchObject({ state: 1, node_state: 2, state_name: 'Offline' });
      },
    ),
    get('the store without heartbeats for 2 h is Down', `${API}/store/6`, 200, JSON_TYPE, (body) => {
      expect(parseStore(body).store).toMatchObject({ node_state: 1, state_name: 'Down' });
    }),
    get(
      'a store silent for 25 s is Disconnected',
      `${API}/store/3`,
      200,
      JSON_TYPE,
      (body) => {
        expect(parseStore(body).store.state_name).toBe('Disconnected');
      },
      (sim) => sim.cluster.stopHeartbeats(3, 25_000),
    ),
    get(
      'the TiFlash store is labelled engine=tiflash and holds learners',
      `${API}/store/7`,
      200,
      JSON_TYPE,
      (body) => {
        const info = parseStore(body);
        expect(info.store.labels).toContainEqual({ key: 'engine', value: 'tiflash' });
        expect(info.status.leader_count).toBe(0);
        expect(info.status.learner_count).toBe(info.status.region_count);
      },
    ),
    get(
      'an evicting store pauses leader transfer in',
      `${API}/store/4`,
      200,
      JSON_TYPE,
      (body) => {
        expect(parseStore(body).status.pause_leader_transfer_in).toBe(true);
      },
      (sim) => setupCall(sim, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 4 }),
    ),
  ]);
});

describe('region reads answer exactly as PD master (pd-api.md §5)', () => {
  contractTable([
    get(
      'a region is compact JSON as octet-stream without a newline',
      `${API}/region/id/42`,
      200,
      OCTET_TYPE,
      (body) => {
        expect(body.endsWith('}')).toBe(true);
        expect(body).not.toContain('\n');
        expect(body.startsWith('{"id":42,"start_key":"7480000000000000FF')).toBe(true);
        const region = JSON.parse(body) as Record<string, unknown>;
        expect(region.peers).toEqual([
          { role_name: 'Voter', id: 43, store_id: 4 },
          { role_name: 'Voter', id: 44, store_id: 2 },
          { role_name: 'Voter', id: 45, store_id: 3 },
          { role_name: 'Learner', is_learner: true, id: expect.any(Number), store_id: 7, role: 1 },
        ]);
        expect(region.leader).toEqual({ role_name: 'Voter', id: 44, store_id: 2 });
        expect(Object.keys(region)).toEqual([
          'id',
          'start_key',
          'end_key',
          'epoch',
          'peers',
          'leader',
          'cpu_usage',
          'written_bytes',
          'read_bytes',
          'written_keys',
          'read_keys',
          'approximate_size',
          'approximate_keys',
          'approximate_kv_size',
          'approximate_columnar_kv_size',
        ]);
      },
    ),
    get(
      'a peer on a Down store shows in down_peers and pending_peers',
      `${API}/region/id/50`,
      200,
      OCTET_TYPE,
      (body) => {
        const region = JSON.parse(body) as Record<string, unknown>;
        expect(region.down_peers).toEqual([
          { peer: { role_name: 'Voter', id: 53, store_id: 6 }, down_seconds: 7200 },
        ]);
        expect(region.pending_peers).toEqual([{ role_name: 'Voter', id: 53, store_id: 6 }]);
      },
    ),
    get('the first region starts at the empty key', `${API}/region/id/2`, 200, OCTET_TYPE, (body) => {
      expect(JSON.parse(body)).toMatchObject({ id: 2, start_key: '' });
    }),
    get(
      'an unknown region is a 404 on master',
      `${API}/region/id/123`,
      404,
      JSON_TYPE,
      '"[PD:region:ErrRegionNotFound]region 123 not found"\n',
    ),
    get('region 0 is a 400 with an empty object', `${API}/region/id/0`, 400, JSON_TYPE, '{}\n'),
    get(
      'a non-numeric region id is the strconv string',
      `${API}/region/id/abc`,
      400,
      JSON_TYPE,
      '"strconv.ParseUint: parsing \\"abc\\": invalid syntax"\n',
    ),
    get('the region count', `${API}/regions/count`, 200, OCTET_TYPE, '{"count":1000,"regions":null}'),
    get(
      'regions of an unknown store are an empty list',
      `${API}/regions/store/99`,
      200,
      OCTET_TYPE,
      '{"count":0,"regions":[]}',
    ),
    get(
      'a non-numeric store in regions/store',
      `${API}/regions/store/x`,
      400,
      JSON_TYPE,
      '"strconv.Atoi: parsing \\"x\\": invalid syntax"\n',
    ),
    get(
      'an unknown ?type= in regions/store',
      `${API}/regions/store/1?type=foo`,
      400,
      JSON_TYPE,
      '"unknown sub tree region type foo"\n',
    ),
    get(
      '?type=leader lists exactly the store leaders, in key order',
      `${API}/regions/store/4?type=leader`,
      200,
      OCTET_TYPE,
      (body, sim) => {
        const list = JSON.parse(body) as {
          count: number;
          regions: { id: number; leader: { store_id: number } }[];
        };
        expect(list.count).toBe(sim.cluster.storeStats(4).leaderCount);
        expect(list.regions.every((r) => r.leader.store_id === 4)).toBe(true);
        const ids = list.regions.map((r) => r.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      },
    ),
    get(
      '?type=learner on the TiFlash store lists its learners',
      `${API}/regions/store/7?type=learner`,
      200,
      OCTET_TYPE,
      (body, sim) => {
        expect((JSON.parse(body) as { count: number }).count).toBe(sim.cluster.storeStats(7).learnerCount);
      },
    ),
    get(
      'GET /regions (whole cluster) is refused loudly',
      `${API}/regions`,
      500,
      TEXT_TYPE,
      'tikv-chatops pd-sim: GET /regions is deliberately not served\n',
    ),
  ]);
});

const BIG_ID = /^\d{17,20}$/;
describe('cluster reads answer as PD (pd-api.md §6), IDs above 2^53 as raw digits', () => {
  contractTable([
    get('ping is an empty 200', `${API}/ping`, 200, null, ''),
    get('health lists the three members', `${API}/health`, 200, JSON_TYPE, (body) => {
      const members = JSON.parse(body) as { name: string; health: boolean }[];
      expect(members.map((m) => [m.name, m.health])).toEqual([
        ['pd-0', true],
        ['pd-1', true],
        ['pd-2', true],
      ]);
    }),
    get(
      'members carries the cluster id and member ids as exact digits',
      `${API}/members`,
      200,
      JSON_TYPE,
      (body, sim) => {
        const clusterId = /"cluster_id": (\d+)/.exec(body)?.[1] ?? '';
        expect(clusterId).toMatch(BIG_ID);
        expect(BigInt(clusterId)).toBe(sim.cluster.members.clusterId);
        expect(BigInt(clusterId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
        const memberIds = [...body.matchAll(/"member_id": (\d+)/g)].map((m) => BigInt(m[1] ?? ''));
        expect(memberIds.slice(0, 3)).toEqual(sim.cluster.members.members.map((m) => m.memberId));
        expect(body).toContain('"leader": {\n    "name": "pd-1"');
        expect(body).toContain('"etcd_leader": {');
      },
    ),
    get('the leader advertises the simulator URL', `${API}/leader`, 200, JSON_TYPE, (body, sim) => {
      expect(JSON.parse(body)).toMatchObject({ name: 'pd-1', client_urls: [sim.url] });
      expect(/"member_id": (\d+)/.exec(body)?.[1]).toMatch(BIG_ID);
    }),
    // server/api/version.go ~49 fills only `version`, from versioninfo.PDReleaseVersion, which PD's
    // Makefile (~65, ~73) sets to `git describe --tags --dirty --always`: for master a186e0cc, in no
    // release, that is v9.0.0-beta.2.pre-483-ga186e0cc61 (there is no v9.0.0-beta.2 tag).
    get(
      'version is the git describe of the PD commit the simulator copies',
      `${API}/version`,
      200,
      JSON_TYPE,
      '{\n  "version": "v9.0.0-beta.2.pre-483-ga186e0cc61",\n  "build_time": "",\n  "hash": "",\n  "branch": ""\n}\n',
    ),
    get('status names the same build and its full commit hash', `${API}/status`, 200, JSON_TYPE, (body) => {
      expect(JSON.parse(body)).toMatchObject({
        version: 'v9.0.0-beta.2.pre-483-ga186e0cc61',
        git_hash: 'a186e0cc61def1408fc57ae7b3d1044a572c8ae3',
        kernel_type: 'Classic',
      });
    }),
    get('members run the same build', `${API}/members`, 200, JSON_TYPE, (body) => {
      const { members } = JSON.parse(body) as { members: { binary_version: string; git_hash: string }[] };
      for (const m of members) {
        expect(m).toMatchObject({
          binary_version: 'v9.0.0-beta.2.pre-483-ga186e0cc61',
          git_hash: 'a186e0cc61def1408fc57ae7b3d1044a572c8ae3',
        });
      }
    }),
    get('cluster id is exact digits above 2^53', `${API}/cluster`, 200, JSON_TYPE, (body, sim) => {
      expect(body).toBe(`{\n  "id": ${sim.cluster.members.clusterId},\n  "max_peer_count": 3\n}\n`);
    }),
  ]);
});

describe('routing behaves like gorilla/mux in PD', () => {
  contractTable([
    get('a trailing slash is not tolerated', `${API}/stores/`, 404, TEXT_TYPE, '404 page not found\n'),
    get('an unknown path', `${API}/no-such-thing`, 404, TEXT_TYPE, '404 page not found\n'),
    {
      name: 'a wrong method on a known path is a 405 with no body',
      method: 'PUT',
      path: `${API}/stores`,
      status: 405,
      contentType: null,
      expected: '',
    },
    {
      name: 'DELETE on a region is a 405',
      method: 'DELETE',
      path: `${API}/region/id/42`,
      status: 405,
      contentType: null,
      expected: '',
    },
    {
      ...get('every answer says it comes from the simulator', `${API}/ping`, 200, null, ''),
      headers: { 'x-tikv-chatops-simulator': 'pd-sim v9.0.0-beta.2.pre-483-ga186e0cc61' },
    },
    {
      ...get('an unclean path is redirected to the clean one', `${API}//stores?state=0`, 301, null, ''),
      headers: { location: `${API}/stores?state=0` },
    },
  ]);
});
