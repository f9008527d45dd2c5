import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
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

  it('sends only GET /pd/api/v1/stores and lists Offline and Down stores before the Up ones, by id', async () => {
    const response = await subject.execute(STORES_ACTION, {}, { correlationId: 'c0ffee' });
    expect(sim.requests.map((r) => [r.method, r.path, r.headers['x-request-id']])).toEqual([
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

  it('previews the GET without sending anything', async () => {
    const preview = await subject.preview(STORES_ACTION, {}, {});
    expect(preview.pdRequests).toEqual([
      { method: 'GET', path: '/pd/api/v1/stores', maxBodyBytes: 32 * 1024 * 1024 },
    ]);
    expect(sim.requests).toEqual([]);
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

describe('stores on a 10,000-store cluster', () => {
  let sim: PdSim;
  let pd: PdClient;
  beforeAll(async () => {
    sim = await startPdSim({ timing: 'manual', stores: 10_000, regions: 20_000 });
    // 10,000 StoreInfos are ~10 MB: over the client's default 1 MiB cap (see the next test).
    // The client's default 1 MiB limit: the stores read raises it for itself (10,000 stores ≈ 12 MB).
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 30_000 });
  }, 60_000);
  afterAll(async () => {
    await pd.close();
    await sim.close();
  });

  it('fits one Slack message: a summary, the stores needing attention and a count of the rest', async () => {
    const response = await new TikvSubject(pd).execute(STORES_ACTION, {}, {});
    const table = STORES_ACTION.present?.(response);
    expect(table?.summary).toMatch(/^10001 stores: .*need/);
    expect(table?.rows.length).toBe(STORES_ROW_LIMIT);
    expect(table?.footer).toMatch(/^… and \d+ more Up stores not shown \(paging comes later\)$/);
    const message = renderOutcomeMessage(okOutcomeFor('stores', {}, response));
    expect(checkMessage(message)).toBeUndefined();
    expect(JSON.stringify(message)).toContain('more Up stores not shown');
    expect(renderOutcomeText(okOutcomeFor('stores', {}, response))).toContain('more Up stores not shown');
  }, 60_000);

  it('reads the whole list at the default 1 MiB client limit, because the stores read allows 32 MiB', async () => {
    const response = await new TikvSubject(pd).execute(STORES_ACTION, {}, {});
    expect(response.truncatedAtBytes).toBeUndefined();
    expect(Buffer.byteLength(response.rawBody)).toBeGreaterThan(1024 * 1024);
  }, 60_000);
});
