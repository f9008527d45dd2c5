import type { PdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import type { PdClient } from '../../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { DRAIN_STORE } from '../../../../src/subjects/tikv/actions/drain-store.js';
import { SCHEDULERS } from '../../../../src/subjects/tikv/actions/schedulers.js';
import type { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { checkMessage } from '../../../support/fake-slack/slack-limits.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

const EVICT_LIST = '/pd/api/v1/scheduler-config/evict-leader-scheduler/list';

describe('schedulers: names, the paused ones and the stores evict-leader drains', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  useSimSubject((made) => {
    ({ sim, pd, subject } = made);
  });

  async function withDrained<T>(storeIds: readonly number[], run: () => Promise<T>): Promise<T> {
    for (const store_id of storeIds) await subject.execute(DRAIN_STORE, { store_id }, {});
    sim.requests.length = 0;
    try {
      return await run();
    } finally {
      await pd.send({ method: 'DELETE', path: '/pd/api/v1/schedulers/evict-leader-scheduler' });
      // Resume anything a test paused.
      for (const name of ['balance-leader-scheduler', 'balance-region-scheduler'])
        await pd.send({ method: 'POST', path: `/pd/api/v1/schedulers/${name}`, body: { delay: 0 } });
    }
  }

  it('reads ?status=paused with timestamps and the evict-leader list, then the names; shows them sorted', async () => {
    await withDrained([3, 4], async () => {
      await pd.send({
        method: 'POST',
        path: '/pd/api/v1/schedulers/balance-leader-scheduler',
        body: { delay: 300 },
      });
      sim.requests.length = 0;
      const response = await subject.execute(SCHEDULERS, {}, {});
      expect(sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
        ['GET', '/pd/api/v1/schedulers', 'status=paused&timestamp=true'],
        ['GET', EVICT_LIST, ''],
        ['GET', '/pd/api/v1/schedulers', ''],
      ]);
      const table = SCHEDULERS.present?.(response);
      const names = table?.rows.map((row) => row[0]) ?? [];
      expect(names).toEqual([...names].sort());
      expect(table?.summary).toBe(
        `${names.length} schedulers, 1 paused; evict-leader-scheduler drains 2 stores`,
      );
      const row = (name: string) => table?.rows.find((r) => r[0] === name);
      // The simulator's clock starts at PD's zero time; PD prints the resume time in its own zone.
      expect(row('balance-leader-scheduler')?.[1]).toMatch(
        /^paused until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/,
      );
      expect(row('balance-region-scheduler')?.[1]).toBe('running');
      expect(row('evict-leader-scheduler')).toEqual(['evict-leader-scheduler', 'running', 'stores 3, 4']);
      const message = renderOutcomeMessage(okOutcomeFor(SCHEDULERS.name, {}, response));
      expect(checkMessage(message)).toBeUndefined();
      expectGolden('slack/schedulers', message);
      expect(renderOutcomeText(okOutcomeFor(SCHEDULERS.name, {}, response))).toContain('stores 3, 4');
    });
  });

  it('says no store is drained when there is no evict-leader scheduler (its list answers 404)', async () => {
    const response = await subject.execute(SCHEDULERS, {}, {});
    const table = SCHEDULERS.present?.(response);
    expect(table?.summary).toMatch(/^\d+ schedulers, none paused; no store drained$/);
    expect(table?.rows.every((row) => row[1] === 'running' && row[2] === '')).toBe(true);
  });

  it('cuts a long evict-leader list in its row, keeping the count in the summary', async () => {
    const ranges = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [String(i + 1), [{ 'end-key': '', 'start-key': '' }]]),
    );
    await withDrained([1], async () => {
      sim.faults.add({
        method: 'GET',
        path: EVICT_LIST,
        action: 'status',
        status: 200,
        body: JSON.stringify({ 'store-id-ranges': ranges, batch: 3 }),
      });
      const table = SCHEDULERS.present?.(await subject.execute(SCHEDULERS, {}, {}));
      expect(table?.summary).toMatch(/evict-leader-scheduler drains 40 stores$/);
      expect(table?.rows.find((r) => r[0] === 'evict-leader-scheduler')?.[2]).toBe(
        'stores 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 … and 28 more',
      );
    });
  });

  it.each([
    ['PD ≤ v7.5 without timestamp: null for none', 'null', 'none paused'],
    ['a plain list of names', '["balance-region-scheduler"]', '1 paused'],
  ])('reads the paused answer of %s', async (_name, body, said) => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/schedulers',
      action: 'status',
      status: 200,
      body,
      times: 1,
    });
    const table = SCHEDULERS.present?.(await subject.execute(SCHEDULERS, {}, {}));
    expect(table?.summary).toContain(said);
  });

  it('still lists the schedulers when the paused read or the evict-leader list fails, and says what is unknown', async () => {
    await withDrained([2], async () => {
      sim.faults.add({
        method: 'GET',
        path: '/pd/api/v1/schedulers',
        action: 'status',
        status: 500,
        times: 1,
      });
      sim.faults.add({ method: 'GET', path: EVICT_LIST, action: 'status', status: 500 });
      const table = SCHEDULERS.present?.(await subject.execute(SCHEDULERS, {}, {}));
      expect(table?.summary).toMatch(
        /^\d+ schedulers, which are paused is unknown \(GET \?status=paused failed\); the evict-leader store list could not be read$/,
      );
      expect(table?.rows.find((r) => r[0] === 'evict-leader-scheduler')).toEqual([
        'evict-leader-scheduler',
        '?',
        'store list unreadable',
      ]);
    });
  });

  it('leaves a body that is not a list of names to be shown raw', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/schedulers',
      action: 'status',
      status: 200,
      body: '{}',
    });
    expect(SCHEDULERS.present?.(await subject.execute(SCHEDULERS, {}, {}))).toBeUndefined();
  });

  it('previews the GET of the names, having read only the small paused and evict-leader lists', async () => {
    const preview = await subject.preview(SCHEDULERS, {}, {});
    expect(preview.pdRequests).toEqual([{ method: 'GET', path: '/pd/api/v1/schedulers' }]);
    expect(sim.requests.map((r) => [r.path, r.query])).toEqual([
      ['/pd/api/v1/schedulers', 'status=paused&timestamp=true'],
      [EVICT_LIST, ''],
    ]);
  });
});
