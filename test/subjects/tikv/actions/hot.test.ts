import type { PdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import type { PdClient } from '../../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { DRAIN_STORE } from '../../../../src/subjects/tikv/actions/drain-store.js';
import {
  formatByteRate,
  formatCount,
  HOT_ACTION,
  HOT_REGIONS_SHOWN,
  HOT_STORES_SHOWN,
} from '../../../../src/subjects/tikv/actions/hot.js';
import type { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { checkMessage } from '../../../support/fake-slack/slack-limits.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

describe('hot <read|write>: the hottest stores and regions, bounded', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  useSimSubject((made) => {
    ({ sim, pd, subject } = made);
  });

  const bytesOf = (cell: string | undefined) => {
    const m = /^([\d.]+)(B|KiB|MiB|GiB|TiB)\/s$/.exec(cell ?? '');
    const unit = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 }[m?.[2] ?? 'B'] ?? 1;
    return Number(m?.[1] ?? Number.NaN) * unit;
  };

  it('reads only GET /hotspot/regions/read and shows the top stores, then the top regions, hottest first', async () => {
    const response = await subject.execute(HOT_ACTION, { type: 'read' }, {});
    expect(sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/pd/api/v1/hotspot/regions/read', ''],
    ]);
    const table = HOT_ACTION.present?.(response, { type: 'read' });
    expect(table?.summary).toMatch(
      /^24 hot read regions, \d stores with read traffic; the top 5 stores and 10 regions by read bytes$/,
    );
    const stores = table?.rows.filter((r) => r[0]?.startsWith('store ')) ?? [];
    const regions = table?.rows.filter((r) => r[0]?.startsWith('region ')) ?? [];
    expect(stores).toHaveLength(HOT_STORES_SHOWN);
    expect(regions).toHaveLength(HOT_REGIONS_SHOWN);
    expect(table?.rows.slice(0, HOT_STORES_SHOWN)).toEqual(stores);
    for (const list of [stores, regions]) {
      const rates = list.map((r) => bytesOf(r[2]));
      expect(rates).toEqual([...rates].sort((a, b) => b - a));
    }
    // Reads are served by leaders: every region row names its leader among its peers.
    for (const row of regions) {
      const m = /^leader (\d+); peers ([\d, ]+)$/.exec(row[1] ?? '');
      expect(m?.[2]?.split(', ')).toContain(m?.[1]);
    }
    expect(stores[0]?.[1]).toMatch(/^\d+ hot leaders?$/);
    const message = renderOutcomeMessage(okOutcomeFor('hot', { type: 'read' }, response));
    expect(checkMessage(message)).toBeUndefined();
    expectGolden('slack/hot-read', message);
    expect(renderOutcomeText(okOutcomeFor('hot', { type: 'read' }, response))).toContain('region ');
  });

  it('write: a hot region is on every replica, stores count their hot peers', async () => {
    const response = await subject.execute(HOT_ACTION, { type: 'write' }, {});
    expect(sim.requests.map((r) => r.path)).toEqual(['/pd/api/v1/hotspot/regions/write']);
    const table = HOT_ACTION.present?.(response, { type: 'write' });
    expect(table?.summary).toMatch(/^24 hot write regions, /);
    expect(table?.rows[0]?.[1]).toMatch(/^\d+ hot peers?$/);
    const region = table?.rows.find((r) => r[0]?.startsWith('region '));
    expect(region?.[1]).toMatch(/^leader \d+; peers \d+, \d+, \d+/);
    expectGolden('slack/hot-write', renderOutcomeMessage(okOutcomeFor('hot', { type: 'write' }, response)));
  });

  it('still lists a hot region whose leader is on a store under evict-leader (PD leaves that store out of as_leader)', async () => {
    const before = HOT_ACTION.present?.(await subject.execute(HOT_ACTION, { type: 'read' }, {}), {
      type: 'read',
    });
    const onStore2 =
      before?.rows.filter((r) => r[0]?.startsWith('region ') && r[1]?.startsWith('leader 2;')) ?? [];
    expect(onStore2.length).toBeGreaterThan(0);
    await subject.execute(DRAIN_STORE, { store_id: 2 }, {});
    try {
      const response = await subject.execute(HOT_ACTION, { type: 'read' }, {});
      expect(Object.keys((JSON.parse(response.rawBody) as { as_leader: object }).as_leader)).not.toContain(
        '2',
      );
      const after = HOT_ACTION.present?.(response, { type: 'read' });
      expect(after?.rows.filter((r) => r[0]?.startsWith('region '))).toEqual(
        before?.rows.filter((r) => r[0]?.startsWith('region ')),
      );
    } finally {
      await pd.send({ method: 'DELETE', path: '/pd/api/v1/schedulers/evict-leader-scheduler' });
    }
  });

  it('says when nothing is hot', async () => {
    const body = JSON.stringify({
      as_peer: { '1': { store_bytes: 0, regions_count: 0, statistics: [] } },
      as_leader: { '1': null },
    });
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/hotspot/regions/write',
      action: 'status',
      status: 200,
      body,
    });
    const table = HOT_ACTION.present?.(await subject.execute(HOT_ACTION, { type: 'write' }, {}), {
      type: 'write',
    });
    expect(table?.summary).toBe('no hot write region; 0 stores with write traffic');
    expect(table?.rows).toEqual([]);
  });

  it.each([
    ['not JSON', 'TiKV cluster not bootstrapped'],
    ['without as_leader', '{"as_peer":{}}'],
    ['a peer without a region id', '{"as_peer":{"1":{"statistics":[{"store_id":1}]}},"as_leader":{}}'],
  ])('leaves PD raw body to be shown when the answer is %s', async (_name, body) => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/hotspot/regions/read',
      action: 'status',
      status: 200,
      body,
    });
    expect(HOT_ACTION.present?.(await subject.execute(HOT_ACTION, { type: 'read' }, {}))).toBeUndefined();
  });

  it('previews the GET without sending anything', async () => {
    const preview = await subject.preview(HOT_ACTION, { type: 'write' }, {});
    expect(preview.pdRequests).toEqual([
      { method: 'GET', path: '/pd/api/v1/hotspot/regions/write', maxBodyBytes: 32 * 1024 * 1024 },
    ]);
    expect(sim.requests).toEqual([]);
  });

  it('formats rates as people read them', () => {
    expect(formatByteRate(512)).toBe('512B/s');
    expect(formatByteRate(12.34 * 1024 * 1024)).toBe('12.3MiB/s');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe('1.2k');
    expect(formatCount(3_400_000)).toBe('3.4M');
  });
});
