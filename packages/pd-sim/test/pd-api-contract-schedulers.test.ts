import { describe } from 'vitest';
import type { PdSim } from '../src/start-pd-sim.js';
import { JSON_TYPE, TEXT_TYPE } from './call-pd.js';
import { type ContractCase, contractTable, setupCall } from './contract-case.js';

const SCHEDULERS = '/pd/api/v1/schedulers';
const CONFIG = '/pd/api/v1/scheduler-config/evict-leader-scheduler';
const evict = (storeId: unknown) => ({ name: 'evict-leader-scheduler', store_id: storeId });
const evicting =
  (...stores: number[]) =>
  async (sim: PdSim) => {
    for (const id of stores) await setupCall(sim, 'POST', SCHEDULERS, evict(id));
  };
const c = (
  name: string,
  method: string,
  path: string,
  status: number,
  expected: ContractCase['expected'],
  extra: { body?: unknown; setup?: ContractCase['setup']; contentType?: string | null } = {},
): ContractCase => ({
  name,
  method,
  path,
  status,
  contentType: extra.contentType === undefined ? JSON_TYPE : extra.contentType,
  expected,
  ...(extra.body !== undefined && { body: extra.body }),
  ...(extra.setup && { setup: extra.setup }),
});
const DEFAULTS = [
  'balance-leader-scheduler',
  'balance-region-scheduler',
  'balance-hot-region-scheduler',
  'evict-slow-store-scheduler',
  'evict-stopping-store-scheduler',
];
/** Pauses balance-leader 1.234 s after the manual epoch (02:15:00Z), then lets `thenMs` pass. */
const pausedAt1234ms =
  (delay: number, thenMs = 0) =>
  async (sim: PdSim) => {
    sim.advance(1_234);
    await setupCall(sim, 'POST', `${SCHEDULERS}/balance-leader-scheduler`, { delay });
    sim.advance(thenMs);
  };
const prettyList = (names: string[]) => `[\n${names.map((n) => `  "${n}"`).join(',\n')}\n]\n`;

describe('evict-leader-scheduler endpoints answer exactly as PD master (pd-api.md §3)', () => {
  contractTable([
    c('creating it for a known store', 'POST', SCHEDULERS, 200, '"The scheduler is created."\n', {
      body: evict(4),
    }),
    c(
      'adding another store applies it',
      'POST',
      SCHEDULERS,
      200,
      '"The scheduler has been applied to the store."\n',
      {
        body: evict(1),
        setup: evicting(4),
      },
    ),
    c(
      're-adding the same store is idempotent',
      'POST',
      SCHEDULERS,
      200,
      '"The scheduler has been applied to the store."\n',
      {
        body: evict(4),
        setup: evicting(4),
      },
    ),
    c('no name', 'POST', SCHEDULERS, 400, '"missing scheduler name"\n', { body: { store_id: 4 } }),
    c('a JSON null body is missing the name', 'POST', SCHEDULERS, 400, '"missing scheduler name"\n', {
      body: 'null',
    }),
    c('the short name is unknown', 'POST', SCHEDULERS, 400, '"unknown scheduler"\n', {
      body: { name: 'evict-leader', store_id: 4 },
    }),
    c('no store_id', 'POST', SCHEDULERS, 400, '"missing store id"\n', {
      body: { name: 'evict-leader-scheduler' },
    }),
    c('store_id as a string', 'POST', SCHEDULERS, 400, '"please input a right store id"\n', {
      body: evict('4'),
    }),
    c(
      'an unknown store while absent is a 400 on master',
      'POST',
      SCHEDULERS,
      400,
      '"[PD:core:ErrStoreNotFound]store 99 not found"\n',
      {
        body: evict(99),
      },
    ),
    c(
      'an unknown store while present is the double-encoded 500',
      'POST',
      SCHEDULERS,
      500,
      '"\\"[PD:core:ErrStoreNotFound]store 99 not found\\"\\n"\n',
      {
        body: evict(99),
        setup: evicting(4),
      },
    ),
    c(
      'malformed JSON gets the errcode object',
      'POST',
      SCHEDULERS,
      400,
      '{\n  "code": "input",\n  "msg": "invalid character \',\' looking for beginning of object key string",\n  "data": {\n    "Offset": 2\n  }\n}\n',
      {
        body: '{,}',
      },
    ),
    c('the default list on master', 'GET', SCHEDULERS, 200, prettyList(DEFAULTS)),
    c(
      'the list includes evict-leader-scheduler once it exists',
      'GET',
      SCHEDULERS,
      200,
      prettyList([...DEFAULTS, 'evict-leader-scheduler']),
      {
        setup: evicting(4),
      },
    ),
    c(
      'removing the whole scheduler',
      'DELETE',
      `${SCHEDULERS}/evict-leader-scheduler`,
      200,
      '"The scheduler is removed."\n',
      {
        setup: evicting(4),
      },
    ),
    c(
      'removing it when absent',
      'DELETE',
      `${SCHEDULERS}/evict-leader-scheduler`,
      404,
      '"[PD:scheduler:ErrSchedulerNotFound]scheduler not found"\n',
    ),
    c(
      'removing one store by name answers null',
      'DELETE',
      `${SCHEDULERS}/evict-leader-scheduler-4`,
      200,
      'null\n',
      { setup: evicting(4, 1) },
    ),
    c(
      'removing the last store by name answers null',
      'DELETE',
      `${SCHEDULERS}/evict-leader-scheduler-4`,
      200,
      'null\n',
      { setup: evicting(4) },
    ),
    c(
      'removing a store not in the scheduler answers 404 null',
      'DELETE',
      `${SCHEDULERS}/evict-leader-scheduler-5`,
      404,
      'null\n',
      {
        setup: evicting(4),
      },
    ),
    c(
      'removing a store by name when absent answers 404 null',
      'DELETE',
      `${SCHEDULERS}/evict-leader-scheduler-4`,
      404,
      'null\n',
    ),
    c(
      'a non-numeric store in the name answers 400 null',
      'DELETE',
      `${SCHEDULERS}/evict-leader-scheduler-x`,
      400,
      'null\n',
      {
        setup: evicting(4),
      },
    ),
    c(
      'the config list shows each store with a whole-keyspace range and the batch',
      'GET',
      `${CONFIG}/list`,
      200,
      '{\n  "store-id-ranges": {\n    "1": [\n      {\n        "end-key": "",\n        "start-key": ""\n      }\n    ],\n    "4": [\n      {\n        "end-key": "",\n        "start-key": ""\n      }\n    ]\n  },\n  "batch": 3\n}\n',
      { setup: evicting(4, 1) },
    ),
    c(
      'config routes do not exist without the scheduler',
      'GET',
      `${CONFIG}/list`,
      404,
      '404 page not found\n',
      { contentType: TEXT_TYPE },
    ),
    c('a wrong method on a config route is a 405', 'PUT', `${CONFIG}/list`, 405, '', {
      setup: evicting(4),
      contentType: null,
    }),
    c(
      'config POST adds a store',
      'POST',
      `${CONFIG}/config`,
      200,
      '"The scheduler has been applied to the store."\n',
      {
        body: { store_id: 1 },
        setup: evicting(4),
      },
    ),
    c(
      'config POST with batch as a string',
      'POST',
      `${CONFIG}/config`,
      400,
      '"invalid argument for \'batch\': expected a number, got string"\n',
      {
        body: { batch: '5' },
        setup: evicting(4),
      },
    ),
    c(
      'config POST with batch out of range',
      'POST',
      `${CONFIG}/config`,
      400,
      '"batch must be an integer in [1, 100]"\n',
      {
        body: { batch: 0 },
        setup: evicting(4),
      },
    ),
    c(
      'config POST with an unknown store',
      'POST',
      `${CONFIG}/config`,
      500,
      '"[PD:core:ErrStoreNotFound]store 99 not found"\n',
      {
        body: { store_id: 99 },
        setup: evicting(4),
      },
    ),
    c('config delete of one of several stores answers null', 'DELETE', `${CONFIG}/delete/1`, 200, 'null\n', {
      setup: evicting(4, 1),
    }),
    c(
      'config delete of the last store says so',
      'DELETE',
      `${CONFIG}/delete/4`,
      200,
      '"The last store has been deleted"\n',
      { setup: evicting(4) },
    ),
    c(
      'config delete of a store not in the list',
      'DELETE',
      `${CONFIG}/delete/5`,
      404,
      '"[PD:scheduler:ErrScheduleConfigNotExist]the config does not exist"\n',
      {
        setup: evicting(4),
      },
    ),
    c(
      'config delete with a non-numeric id',
      'DELETE',
      `${CONFIG}/delete/x`,
      400,
      '"strconv.ParseUint: parsing \\"x\\": invalid syntax"\n',
      {
        setup: evicting(4),
      },
    ),
    c(
      'pausing a running scheduler',
      'POST',
      `${SCHEDULERS}/balance-leader-scheduler`,
      200,
      '"Pause or resume the scheduler successfully."\n',
      {
        body: { delay: 60 },
      },
    ),
    c(
      'pausing without delay',
      'POST',
      `${SCHEDULERS}/balance-leader-scheduler`,
      400,
      '"missing pause time"\n',
      { body: {} },
    ),
    c(
      'pausing an absent scheduler',
      'POST',
      `${SCHEDULERS}/evict-leader-scheduler`,
      500,
      '"[PD:scheduler:ErrSchedulerNotFound]scheduler not found"\n',
      {
        body: { delay: 60 },
      },
    ),
    c(
      '?status=paused&timestamp=true gives whole-second RFC 3339 times (time.Unix(sec, 0))',
      'GET',
      `${SCHEDULERS}?status=paused&timestamp=true`,
      200,
      '[\n  {\n    "name": "balance-leader-scheduler",\n    "paused_at": "2026-08-21T02:15:01Z",\n' +
        '    "resume_at": "2026-08-21T02:20:01Z"\n  }\n]\n',
      { setup: pausedAt1234ms(300) },
    ),
    c(
      'a pause is still listed one millisecond before its resume second',
      'GET',
      `${SCHEDULERS}?status=paused&timestamp=true`,
      200,
      '[\n  {\n    "name": "balance-leader-scheduler",\n    "paused_at": "2026-08-21T02:15:01Z",\n' +
        '    "resume_at": "2026-08-21T02:20:01Z"\n  }\n]\n',
      { setup: pausedAt1234ms(300, 299_765) },
    ),
    // GetSchedulerByStatus (pkg/schedule/handler/handler.go ~816–885) builds every list with
    // make([]T, 0, …) or []T{}, so an empty answer is [] in all three branches, never null.
    c('?status=paused with nothing paused is []', 'GET', `${SCHEDULERS}?status=paused`, 200, '[]\n'),
    c(
      '?status=paused&timestamp=true with nothing paused is []',
      'GET',
      `${SCHEDULERS}?status=paused&timestamp=true`,
      200,
      '[]\n',
    ),
    c('?status=disabled with nothing disabled is []', 'GET', `${SCHEDULERS}?status=disabled`, 200, '[]\n'),
    c('no scheduler at all is []', 'GET', SCHEDULERS, 200, '[]\n', {
      setup: async (sim) => {
        for (const name of DEFAULTS) await setupCall(sim, 'DELETE', `${SCHEDULERS}/${name}`);
      },
    }),
    c(
      '?status=paused lists paused names',
      'GET',
      `${SCHEDULERS}?status=paused`,
      200,
      '[\n  "balance-leader-scheduler"\n]\n',
      {
        setup: pausedAt1234ms(300),
      },
    ),
    // server/api/scheduler.go ~67: `_, needTS := r.URL.Query()["timestamp"]`, so only presence counts.
    c(
      '?status=paused&timestamp without a value gives the timestamp form',
      'GET',
      `${SCHEDULERS}?status=paused&timestamp`,
      200,
      '[\n  {\n    "name": "balance-leader-scheduler",\n    "paused_at": "2026-08-21T02:15:01Z",\n' +
        '    "resume_at": "2026-08-21T02:20:01Z"\n  }\n]\n',
      { setup: pausedAt1234ms(300) },
    ),
    c(
      '?status=paused&timestamp=false still gives the timestamp form',
      'GET',
      `${SCHEDULERS}?status=paused&timestamp=false`,
      200,
      '[\n  {\n    "name": "balance-leader-scheduler",\n    "paused_at": "2026-08-21T02:15:01Z",\n' +
        '    "resume_at": "2026-08-21T02:20:01Z"\n  }\n]\n',
      { setup: pausedAt1234ms(300) },
    ),
    c(
      'a pause ends at its resume second, not resume second plus the fraction (Unix() < delayUntil)',
      'GET',
      `${SCHEDULERS}?status=paused&timestamp=true`,
      200,
      '[]\n',
      { setup: pausedAt1234ms(300, 299_766) },
    ),
  ]);
});
