import { describe, expect } from 'vitest';
import { JSON_TYPE } from './call-pd.js';
import { type ContractCase, contractTable, setupCall } from './contract-case.js';

const OPS = '/pd/api/v1/operators';
const tl = (region: unknown, to: unknown) => ({
  name: 'transfer-leader',
  region_id: region,
  to_store_id: to,
});
const tp = (region: number, from: number, to: number) => ({
  name: 'transfer-peer',
  region_id: region,
  from_store_id: from,
  to_store_id: to,
});
const CREATED = '"The operator is created."\n';
const NOT_ALLOWED = '"cannot create operator: target leader is not allowed"\n';
const post = (
  name: string,
  body: unknown,
  status: number,
  expected: ContractCase['expected'],
  setup?: ContractCase['setup'],
): ContractCase => ({
  name,
  method: 'POST',
  path: OPS,
  body,
  status,
  contentType: JSON_TYPE,
  expected,
  ...(setup && { setup }),
});

describe('POST /operators answers exactly as PD master (pd-api.md §1, §7)', () => {
  contractTable([
    post('transfer-leader to a follower voter is created', tl(42, 4), 200, CREATED),
    post(
      'transfer-leader with store_id instead of to_store_id is a 400',
      { name: 'transfer-leader', region_id: 42, store_id: 4 },
      400,
      '"missing store id to transfer leader to"\n',
    ),
    post(
      'transfer-leader with to_store_id as a string fails the number check',
      tl(42, '4'),
      400,
      '"missing store id to transfer leader to"\n',
    ),
    post(
      'transfer-leader without region_id is a 400',
      { name: 'transfer-leader', to_store_id: 4 },
      400,
      '"missing region id"\n',
    ),
    post('transfer-leader with region_id as a string is a 400', tl('42', 4), 400, '"missing region id"\n'),
    post('transfer-leader with a fractional store id truncates it (4.7 is 4)', tl(42, 4.7), 200, CREATED),
    post(
      'transfer-leader for an unknown region is ErrRegionNotFound',
      tl(2001, 4),
      500,
      '"[PD:region:ErrRegionNotFound]region 2001 not found"\n',
    ),
    post(
      'transfer-leader to a TiFlash learner store has no voter there',
      tl(42, 7),
      500,
      '"region has no voter in store 7"\n',
    ),
    post(
      'transfer-leader to a store without a peer has no voter there',
      tl(42, 1),
      500,
      '"region has no voter in store 1"\n',
    ),
    post(
      'transfer-leader to the current leader builds no step',
      tl(42, 2),
      500,
      '"no operator step is built"\n',
    ),
    post('transfer-leader to an Offline store is not allowed', tl(46, 5), 500, NOT_ALLOWED),
    post(
      'transfer-leader to a Down store whose peer is down/pending is unhealthy (SetLeader before the filter)',
      tl(50, 6),
      500,
      '"cannot transfer leader to 6: unhealthy"\n',
    ),
    post(
      'transfer-leader to a store silent 10+ min (Disconnected, peer down) is unhealthy',
      tl(42, 4),
      500,
      '"cannot transfer leader to 4: unhealthy"\n',
      (sim) => sim.cluster.stopHeartbeats(4, 11 * 60_000),
    ),
    post('transfer-leader to a Disconnected store is not allowed', tl(42, 4), 500, NOT_ALLOWED, (sim) =>
      sim.cluster.stopHeartbeats(4, 25_000),
    ),
    post('transfer-leader to a Tombstone store is not allowed', tl(42, 4), 500, NOT_ALLOWED, (sim) =>
      sim.cluster.setStoreState(4, 'Tombstone'),
    ),
    post('transfer-leader to a store under evict-leader is not allowed', tl(42, 4), 500, NOT_ALLOWED, (sim) =>
      setupCall(sim, 'POST', '/pd/api/v1/schedulers', { name: 'evict-leader-scheduler', store_id: 4 }),
    ),
    post(
      'a second admin operator on the same region is ErrAddOperator',
      tl(42, 3),
      500,
      '"[PD:operator:ErrAddOperator]failed to add operator, maybe already have one"\n',
      (sim) => setupCall(sim, 'POST', OPS, tl(42, 4)),
    ),
    post('transfer-peer to a store without a peer is created', tp(42, 3, 1), 200, CREATED),
    post('transfer-peer to an Offline store is not rejected by checkStoreState', tp(42, 3, 5), 200, CREATED),
    post(
      'transfer-peer without region_id is a 400',
      { name: 'transfer-peer', from_store_id: 3, to_store_id: 1 },
      400,
      '"missing region id"\n',
    ),
    post(
      'transfer-peer without from_store_id is a 400',
      { name: 'transfer-peer', region_id: 42, to_store_id: 1 },
      400,
      '"invalid store id to transfer peer from"\n',
    ),
    post(
      'transfer-peer without to_store_id is a 400',
      { name: 'transfer-peer', region_id: 42, from_store_id: 3 },
      400,
      '"invalid store id to transfer peer to"\n',
    ),
    post(
      'transfer-peer for an unknown region is ErrRegionNotFound',
      tp(2001, 5, 7),
      500,
      '"[PD:region:ErrRegionNotFound]region 2001 not found"\n',
    ),
    post('transfer-peer from a store without a peer', tp(42, 5, 1), 500, '"region has no peer in store 5"\n'),
    post(
      'transfer-peer to an unknown store is ErrStoreNotFound',
      tp(42, 3, 99),
      500,
      '"[PD:core:ErrStoreNotFound]store 99 not found"\n',
    ),
    post(
      'transfer-peer to a Tombstone store is ErrStoreRemoved',
      tp(42, 3, 1),
      500,
      '"[PD:core:ErrStoreRemoved]store 1 has been removed"\n',
      (sim) => sim.cluster.setStoreState(1, 'Tombstone'),
    ),
    post(
      'transfer-peer to a store silent for 10+ minutes is ErrStoreUnhealthy',
      tp(42, 3, 6),
      500,
      '"[PD:core:ErrStoreUnhealthy]store 6 is unhealthy"\n',
    ),
    post(
      'transfer-peer to a store that already has a peer cannot add it',
      tp(42, 3, 4),
      500,
      '"cannot add peer store_id:4 : already have peer id:43 store_id:4 "\n',
    ),
    post(
      'add-peer without store_id reuses the transfer-peer message',
      { name: 'add-peer', region_id: 42 },
      400,
      '"invalid store id to transfer peer to"\n',
    ),
    post(
      'add-peer to a store that has a peer',
      { name: 'add-peer', region_id: 42, store_id: 4 },
      500,
      '"region already has peer in store 4"\n',
    ),
    post(
      'add-peer to a free store is created',
      { name: 'add-peer', region_id: 42, store_id: 1 },
      200,
      CREATED,
    ),
    post(
      'remove-peer without store_id reuses the transfer-peer message',
      { name: 'remove-peer', region_id: 42 },
      400,
      '"invalid store id to transfer peer to"\n',
    ),
    post(
      'remove-peer from a store without a peer',
      { name: 'remove-peer', region_id: 42, store_id: 5 },
      500,
      '"region has no peer in store 5"\n',
    ),
    post(
      'remove-peer of a follower is created',
      { name: 'remove-peer', region_id: 42, store_id: 3 },
      200,
      CREATED,
    ),
    post(
      'an object without name is missing the operator name',
      { region_id: 42 },
      400,
      '"missing operator name"\n',
    ),
    post('a non-string name is missing the operator name', { name: 5 }, 400, '"missing operator name"\n'),
    post('a JSON null body behaves like {}', 'null', 400, '"missing operator name"\n'),
    post(
      'an unknown name is an unknown operator',
      { name: 'transfer-leaders', region_id: 42 },
      400,
      '"unknown operator"\n',
    ),
    {
      ...post(
        'malformed JSON gets the errcode object and TiDB-Error-Code: input',
        'x',
        400,
        '{\n  "code": "input",\n  "msg": "invalid character \'x\' looking for beginning of value",\n  "data": {\n    "Offset": 1\n  }\n}\n',
      ),
      headers: { 'tidb-error-code': 'input' },
    },
    {
      ...post('an empty body is unexpected end of JSON input', '', 400, (body) => {
        expect(JSON.parse(body)).toMatchObject({ code: 'input', msg: 'unexpected end of JSON input' });
      }),
      headers: { 'tidb-error-code': 'input' },
    },
    post('an array body cannot unmarshal into the map', '[{"name":"transfer-leader"}]', 400, (body) => {
      expect(JSON.parse(body)).toMatchObject({
        code: 'input',
        msg: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
      });
    }),
    post('HTML-ish bytes in the error text are escaped the Go way', '<', 400, (body) => {
      expect(body).toContain('"msg": "invalid character \'\\u003c\' looking for beginning of value"');
    }),
  ]);
});

const OPERATOR_NOT_FOUND = '"[PD:operator:ErrOperatorNotFound]operator not found"\n';
const startTransfer = (sim: Parameters<NonNullable<ContractCase['setup']>>[0]) =>
  setupCall(sim, 'POST', OPS, tl(42, 4));
/** Region 50's leader sits on store 4, so moving that peer to store 1 moves the leader first. */
const startMoveLeaderPeer = (sim: Parameters<NonNullable<ContractCase['setup']>>[0]) =>
  setupCall(sim, 'POST', OPS, tp(50, 4, 1));
const GO_TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}`;
const RUNNING_42 = new RegExp(
  String.raw`^admin-transfer-leader \{transfer leader: store 2 to 4\} \(kind:admin,leader, region:42\(\d+, \d+\), ` +
    String.raw`createAt:${GO_TIME}, startAt:${GO_TIME}, currentStep:0, size:\d+, ` +
    String.raw`steps:\[0:\{transfer leader from store 2 to store 4\}\], timeout:\[1m0s\]\)$`,
);
const get = (
  name: string,
  path: string,
  status: number,
  expected: ContractCase['expected'],
  setup?: ContractCase['setup'],
): ContractCase => ({
  name,
  method: 'GET',
  path,
  status,
  contentType: JSON_TYPE,
  expected,
  ...(setup && { setup }),
});

describe('reading and cancelling operators answers exactly as PD (pd-api.md §2)', () => {
  contractTable([
    get('no operators is an empty array', OPS, 200, '[]\n'),
    get('a ?kind= filter that matches nothing is null', `${OPS}?kind=admin`, 200, 'null\n'),
    get(
      'an unknown ?kind= value is ignored, so nothing matches',
      `${OPS}?kind=bogus`,
      200,
      'null\n',
      startTransfer,
    ),
    get('?object with no operators is an empty array', `${OPS}?object`, 200, '[]\n'),
    get(
      'a running operator is listed as its String()',
      OPS,
      200,
      (body) => {
        const list = JSON.parse(body) as string[];
        expect(list).toHaveLength(1);
        expect(list[0]).toMatch(RUNNING_42);
      },
      startTransfer,
    ),
    get(
      '?kind=admin&kind=leader lists the operator once per matching kind',
      `${OPS}?kind=admin&kind=leader`,
      200,
      (body) => {
        expect(JSON.parse(body)).toHaveLength(2);
      },
      startTransfer,
    ),
    get('?kind=region does not match a leader transfer', `${OPS}?kind=region`, 200, 'null\n', startTransfer),
    get(
      '?kind=admin&kind=foo lists admin twice: an unknown kind re-appends the previous list',
      `${OPS}?kind=admin&kind=foo`,
      200,
      (body) => {
        const list = JSON.parse(body) as string[];
        expect(list).toHaveLength(2);
        for (const op of list) expect(op).toMatch(RUNNING_42);
      },
      startTransfer,
    ),
    get(
      '?kind=foo&kind=admin lists admin once: an unknown kind first appends nothing',
      `${OPS}?kind=foo&kind=admin`,
      200,
      (body) => {
        const list = JSON.parse(body) as string[];
        expect(list).toHaveLength(1);
        expect(list[0]).toMatch(RUNNING_42);
      },
      startTransfer,
    ),
    get(
      '?kind=admin&kind=waiting&kind=foo: waiting is known (empty queue), so foo repeats nothing',
      `${OPS}?kind=admin&kind=waiting&kind=foo`,
      200,
      (body) => {
        const list = JSON.parse(body) as string[];
        expect(list).toHaveLength(1);
        expect(list[0]).toMatch(RUNNING_42);
      },
      startTransfer,
    ),
    get(
      '?kind=region&kind=foo re-appends an empty list, so still null',
      `${OPS}?kind=region&kind=foo`,
      200,
      'null\n',
      startTransfer,
    ),
    get(
      'a transfer-peer that moves the leader first prints kind admin,region,leader (bit order)',
      `${OPS}/50`,
      200,
      (body) => {
        expect(JSON.parse(body) as string).toMatch(
          /^status: RUNNING, operator: admin-move-peer \{mv peer: store \[4\] to \[1\]\} \(kind:admin,region,leader, region:50\(/,
        );
      },
      startMoveLeaderPeer,
    ),
    get(
      '?object kind of admin,region,leader is 385 (master bits 1 | 128 | 256)',
      `${OPS}?object`,
      200,
      (body) => {
        expect(JSON.parse(body)).toMatchObject([
          { desc: 'admin-move-peer', brief: 'mv peer: store [4] to [1]', region_id: 50, kind: 385 },
        ]);
      },
      startMoveLeaderPeer,
    ),
    get(
      '?object kind of admin,region is 129',
      `${OPS}?object`,
      200,
      (body) => {
        expect(JSON.parse(body)).toMatchObject([
          { desc: 'admin-move-peer', brief: 'mv peer: store [3] to [1]', region_id: 42, kind: 129 },
        ]);
      },
      (sim) => setupCall(sim, 'POST', OPS, tp(42, 3, 1)),
    ),
    get(
      '?kind=region&kind=leader lists a leader-moving transfer-peer under both',
      `${OPS}?kind=region&kind=leader`,
      200,
      (body) => {
        expect(JSON.parse(body)).toHaveLength(2);
      },
      startMoveLeaderPeer,
    ),
    get(
      '?object gives desc, brief, epoch, master kind bits and status',
      `${OPS}?object`,
      200,
      (body) => {
        const [op] = JSON.parse(body) as Record<string, unknown>[];
        expect(op).toMatchObject({
          desc: 'admin-transfer-leader',
          brief: 'transfer leader: store 2 to 4',
          region_id: 42,
          kind: 257,
          timeout: '1m0s',
          status: 1,
        });
        expect(Object.keys(op ?? {})).toEqual([
          'desc',
          'brief',
          'region_id',
          'region_epoch',
          'kind',
          'timeout',
          'status',
        ]);
      },
      startTransfer,
    ),
    get(
      'the running operator of a region is a status string',
      `${OPS}/42`,
      200,
      (body) => {
        const text = JSON.parse(body) as string;
        expect(text.startsWith('status: RUNNING, operator: ')).toBe(true);
        expect(text.slice('status: RUNNING, operator: '.length)).toMatch(RUNNING_42);
      },
      startTransfer,
    ),
    get(
      'a region without operator or record is ErrOperatorNotFound (500)',
      `${OPS}/42`,
      500,
      OPERATOR_NOT_FOUND,
    ),
    get(
      'a non-numeric region id is the strconv error',
      `${OPS}/abc`,
      400,
      '"strconv.ParseUint: parsing \\"abc\\": invalid syntax"\n',
    ),
    get(
      'no finished operators in the last 10 minutes means no records',
      `${OPS}/records`,
      500,
      OPERATOR_NOT_FOUND,
    ),
    get(
      'a non-numeric records ?from= is a 400',
      `${OPS}/records?from=x`,
      400,
      '"strconv.ParseInt: parsing \\"x\\": invalid syntax"\n',
    ),
    {
      name: 'DELETE cancels the running operator of a region',
      setup: startTransfer,
      method: 'DELETE',
      path: `${OPS}/42`,
      status: 200,
      contentType: JSON_TYPE,
      expected: '"The pending operator is canceled."\n',
    },
    {
      name: 'DELETE without an operator is ErrOperatorNotFound',
      method: 'DELETE',
      path: `${OPS}/42`,
      status: 500,
      contentType: JSON_TYPE,
      expected: OPERATOR_NOT_FOUND,
    },
    {
      name: 'DELETE with a non-numeric id is the strconv error',
      method: 'DELETE',
      path: `${OPS}/x`,
      status: 400,
      contentType: JSON_TYPE,
      expected: '"strconv.ParseUint: parsing \\"x\\": invalid syntax"\n',
    },
    {
      name: 'DELETE /operators cancels everything',
      setup: startTransfer,
      method: 'DELETE',
      path: OPS,
      status: 200,
      contentType: JSON_TYPE,
      expected: '"All pending operators are canceled."\n',
    },
  ]);
});
