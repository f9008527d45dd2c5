import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import type { PdResponse } from '../../../../src/core/pd/pd-port.js';
import { PdClient } from '../../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { DRAIN_STORE } from '../../../../src/subjects/tikv/actions/drain-store.js';
import { STORES_ACTION, STORES_ROW_LIMIT } from '../../../../src/subjects/tikv/actions/stores.js';
import { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { checkMessage } from '../../../support/fake-slack/slack-limits.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

describe('stores: every store, the ones needing attention first', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  useSimSubject((made) => {
    ({ sim, pd, subject } = made);
  });

  it('reads the evict-leader list and GET /pd/api/v1/stores, and lists Offline and Down stores before the Up ones, by id', async () => {
    const response = await subject.execute(STORES_ACTION, {}, { correlationId: 'c0ffee' });
    // The list answers 404 (no evict-leader scheduler), which only leaves it out.
    expect(sim.requests.map((r) => [r.method, r.path, r.headers['x-request-id']])).toEqual([
      ['GET', '/pd/api/v1/scheduler-config/evict-leader-scheduler/list', 'c0ffee'],
      ['GET', '/pd/api/v1/stores', 'c0ffee'],
    ]);
    const table = STORES_ACTION.present?.(response);
    expect(table?.summary).toBe('7 stores: 5 Up, 1 Offline, 1 Down; 2 need attention');
    expect(table?.columns).toEqual([
      'ID',
      'Address',
      'State',
      'Leaders',
      'Regions',
      'Labels',
      'Capacity',
      'Available',
      'Flags',
    ]);
    expect(table?.rows.map((row) => [row[0], row[2]])).toEqual([
      ['5', 'Offline'],
      ['6', 'Down'],
      ['1', 'Up'],
      ['2', 'Up'],
      ['3', 'Up'],
      ['4', 'Up'],
      ['7', 'Up'],
    ]);
    expect(table?.rows[2]?.[5]).toBe('zone=az1 host=tikv-0');
    expect(table?.rows[6]?.[5]).toContain('engine=tiflash');
    expect(table?.footer).toBeUndefined();
    expect(table?.paging).toBeUndefined();
  });

  it('flags a store in the evict-leader list even when PD does not (yet) report pause_leader_transfer_in', async () => {
    await subject.execute(DRAIN_STORE, { store_id: 2 }, {});
    try {
      // A store list without the flag: an older PD, or the heartbeat that sets it not yet in.
      const body = JSON.stringify({
        count: 2,
        stores: [
          { store: { id: 1, address: 'a:20160', state_name: 'Up' } },
          { store: { id: 2, address: 'b:20160', state_name: 'Up' } },
        ],
      });
      sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'status', status: 200, body });
      const table = STORES_ACTION.present?.(await subject.execute(STORES_ACTION, {}, {}));
      expect(table?.summary).toBe('2 stores: 2 Up; 1 needs attention');
      expect(table?.rows.map((row) => [row[0], row[8]])).toEqual([
        ['2', 'evicting'],
        ['1', ''],
      ]);
    } finally {
      await pd.send({ method: 'DELETE', path: '/pd/api/v1/schedulers/evict-leader-scheduler' });
    }
  });

  it.each([
    ['PD answers 500', { action: 'status', status: 500 }],
    ['PD answers something else', { action: 'status', status: 200, body: '{"store-id-ranges":[1]}' }],
  ] as const)('still shows the stores when the evict-leader list fails (%s)', async (_name, fault) => {
    await subject.execute(DRAIN_STORE, { store_id: 2 }, {});
    try {
      sim.faults.add({
        method: 'GET',
        path: '/pd/api/v1/scheduler-config/evict-leader-scheduler/list',
        ...fault,
      });
      const table = STORES_ACTION.present?.(await subject.execute(STORES_ACTION, {}, {}));
      // The store's own pause_leader_transfer_in still marks it.
      expect(table?.rows.find((row) => row[0] === '2')?.[8]).toBe('evicting');
    } finally {
      await pd.send({ method: 'DELETE', path: '/pd/api/v1/schedulers/evict-leader-scheduler' });
    }
  });

  it('flags a store that evict-leader-scheduler drains, and puts it with the ones needing attention', async () => {
    await subject.execute(DRAIN_STORE, { store_id: 3 }, {});
    try {
      const table = STORES_ACTION.present?.(await subject.execute(STORES_ACTION, {}, {}));
      expect(table?.summary).toBe('7 stores: 5 Up, 1 Offline, 1 Down; 3 need attention');
      expect(table?.rows.slice(0, 3).map((row) => [row[0], row[2], row[8]])).toEqual([
        ['3', 'Up', 'evicting'],
        ['5', 'Offline', ''],
        ['6', 'Down', ''],
      ]);
    } finally {
      await pd.send({ method: 'DELETE', path: '/pd/api/v1/schedulers/evict-leader-scheduler' });
    }
  });

  it.each([
    ['a slow store', { slow_score: 100 }, 'slow'],
    ['a store under 20% free', { capacity: '1TiB', available: '100GiB' }, 'low space'],
  ])('flags %s', async (_name, status, flag) => {
    const body = JSON.stringify({
      count: 2,
      stores: [
        {
          store: { id: 2, address: 'b:20160', state_name: 'Up' },
          status: { capacity: '1TiB', available: '1TiB' },
        },
        { store: { id: 1, address: 'a:20160', state_name: 'Up' }, status },
      ],
    });
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'status', status: 200, body });
    const table = STORES_ACTION.present?.(await subject.execute(STORES_ACTION, {}, {}));
    expect(table?.summary).toBe('2 stores: 2 Up; 1 needs attention');
    expect(table?.rows.map((row) => [row[0], row[8]])).toEqual([
      ['1', flag],
      ['2', ''],
    ]);
  });

  it('puts a Disconnected store first', async () => {
    const body = JSON.stringify({
      count: 2,
      stores: [
        { store: { id: 1, address: 'a:20160', state_name: 'Up' } },
        { store: { id: 2, address: 'b:20160', state_name: 'Disconnected' } },
      ],
    });
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'status', status: 200, body });
    const table = STORES_ACTION.present?.(await subject.execute(STORES_ACTION, {}, {}));
    expect(table?.summary).toBe('2 stores: 1 Up, 1 Disconnected; 1 needs attention');
    expect(table?.rows.map((row) => [row[0], row[2], row[3]])).toEqual([
      ['2', 'Disconnected', '0'],
      ['1', 'Up', '0'],
    ]);
  });

  it.each([
    ['not JSON', 'TiKV cluster not bootstrapped'],
    ['without a stores list', '{"count":0}'],
    ['a store without an id', '{"count":1,"stores":[{"store":{"state_name":"Up"}}]}'],
  ])('leaves PD raw body to be shown when the answer is %s', async (_name, body) => {
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'status', status: 200, body });
    expect(STORES_ACTION.present?.(await subject.execute(STORES_ACTION, {}, {}))).toBeUndefined();
  });

  it("shows PD's error as PD's answer", async () => {
    const body = '"[PD:cluster:ErrNotBootstrapped]TiKV cluster not bootstrapped, please start TiKV first"\n';
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'status', status: 500, body });
    const outcome = await subject.execute(STORES_ACTION, {}, {}).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome).toMatchObject({ code: 'PD_HTTP_ERROR', status: 500 });
  });

  it('pages through every store exactly once: the ones needing attention first, then the rest by id', async () => {
    const stores = Array.from({ length: 100 }, (_, i) => ({
      store: {
        id: 100 - i,
        address: `tikv-${100 - i}:20160`,
        state_name: (100 - i) % 7 === 0 ? 'Offline' : 'Up',
      },
      status: { leader_count: i },
    }));
    const body = JSON.stringify({ count: stores.length, stores });
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'status', status: 200, body });
    const response = await subject.execute(STORES_ACTION, {}, {});
    const pages = Array.from({ length: 7 }, (_, i) => STORES_ACTION.present?.(response, { page: i + 1 }));
    expect(pages.map((t) => t?.paging)).toEqual(
      Array.from({ length: 7 }, (_, i) => ({ page: i + 1, pages: 7 })),
    );
    const ids = pages.flatMap((t) => (t?.rows ?? []).map((row) => Number(row[0])));
    const offline = [7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98];
    expect(ids).toEqual([
      ...offline,
      ...Array.from({ length: 100 }, (_, i) => i + 1).filter((id) => !offline.includes(id)),
    ]);
    expect(pages[0]?.footer).toBe('Page 1 of 7: stores 1–15 of 100; next: stores page=2');
    expect(pages[6]?.footer).toBe('Page 7 of 7: stores 91–100 of 100');
    // Without a page parameter (typed `stores`), page 1.
    expect(STORES_ACTION.present?.(response)?.rows).toEqual(pages[0]?.rows);
  });

  it('previews the GET of every store without sending it (only the small evict-leader list is read)', async () => {
    const preview = await subject.preview(STORES_ACTION, {}, {});
    expect(preview.pdRequests).toEqual([
      { method: 'GET', path: '/pd/api/v1/stores', maxBodyBytes: 32 * 1024 * 1024 },
    ]);
    expect(sim.requests.map((r) => r.path)).toEqual([
      '/pd/api/v1/scheduler-config/evict-leader-scheduler/list',
    ]);
  });

  it('shows the table in Slack and on the console', async () => {
    const response = await subject.execute(STORES_ACTION, {}, {});
    const message = renderOutcomeMessage(okOutcomeFor('stores', {}, response));
    expectGolden('slack/stores-default-topology', message);
    expect(checkMessage(message)).toBeUndefined();
    const slack = JSON.stringify(message);
    expect(slack).toContain('7 stores: 5 Up, 1 Offline, 1 Down; 2 need attention');
    expect(slack).not.toContain('leader_weight');
    const text = renderOutcomeText(okOutcomeFor('stores', {}, response));
    expect(text).toContain('7 stores: 5 Up, 1 Offline, 1 Down; 2 need attention');
    expect(text).toMatch(/5 +tikv-4\.tikv-peer\.tidb\.svc:20160 +Offline/);
  });
});

describe('stores on a 10,000-store cluster: paged', () => {
  let sim: PdSim;
  let pd: PdClient;
  let response: PdResponse;
  beforeAll(async () => {
    sim = await startPdSim({ timing: 'manual', stores: 10_000, regions: 20_000 });
    // The client's default 1 MiB limit: the stores read raises it for itself (10,000 stores ≈ 12 MB).
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 30_000 });
    response = await new TikvSubject(pd).execute(STORES_ACTION, {}, {});
  }, 60_000);
  afterAll(async () => {
    await pd.close();
    await sim.close();
  });

  const pageOf = (page?: number) => STORES_ACTION.present?.(response, page === undefined ? {} : { page });

  it('shows page 1 of 667: the summary, the stores needing attention first, and where the next page is', () => {
    const table = pageOf();
    expect(table?.summary).toMatch(/^10001 stores: .*need/);
    expect(table?.rows.length).toBe(STORES_ROW_LIMIT);
    expect(table?.paging).toEqual({ page: 1, pages: 667 });
    expect(table?.footer).toBe('Page 1 of 667: stores 1–15 of 10001; next: stores page=2');
    expect(table?.rows[0]?.[2]).not.toBe('Up');
  });

  it('a page past the end shows the last page and says so', () => {
    const table = pageOf(5000);
    expect(table?.paging).toEqual({ page: 667, pages: 667 });
    expect(table?.footer).toBe('Page 667 of 667 (there is no page 5000): stores 9991–10001 of 10001');
    expect(table?.rows.length).toBe(11);
  });

  it.each([1, 2, 334, 667])(
    'page %i is one Slack message within limits, with its Previous / Next buttons',
    (page) => {
      const message = renderOutcomeMessage(okOutcomeFor('stores', { page }, response));
      expect(checkMessage(message)).toBeUndefined();
      const buttons = message.blocks.flatMap((b) =>
        'elements' in b && b.type === 'actions' ? b.elements : [],
      );
      const values = buttons.map(
        (b) => JSON.parse((b as { value: string }).value) as { p: { page: string } },
      );
      expect(values.map((v) => v.p.page)).toEqual(
        [page > 1 ? String(page - 1) : undefined, page < 667 ? String(page + 1) : undefined].filter(
          (p) => p !== undefined,
        ),
      );
      if (page === 1) expectGolden('slack/stores-10000-page-1', message);
      if (page === 334) expectGolden('slack/stores-10000-page-334', message);
      expect(renderOutcomeText(okOutcomeFor('stores', { page }, response))).toContain(`Page ${page} of 667`);
    },
  );

  it('reads the whole list at the default 1 MiB client limit, because the stores read allows 32 MiB', () => {
    expect(response.truncatedAtBytes).toBeUndefined();
    expect(Buffer.byteLength(response.rawBody)).toBeGreaterThan(1024 * 1024);
  });
});
