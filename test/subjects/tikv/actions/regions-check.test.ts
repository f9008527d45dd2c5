import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import { ActionRegistry } from '../../../../src/core/actions/action-registry.js';
import { interpretCommand } from '../../../../src/core/commands/interpret-command.js';
import { PdClient } from '../../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import {
  REGIONS_CHECK_ACTION,
  REGIONS_CHECK_ROWS,
} from '../../../../src/subjects/tikv/actions/regions-check.js';
import { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { checkMessage } from '../../../support/fake-slack/slack-limits.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

describe('regions-check: regions in one unhealthy state', () => {
  let sim: PdSim;
  let subject: TikvSubject;
  useSimSubject((made) => {
    ({ sim, subject } = made);
  });

  it('sends only GET /regions/check/<kind>, never /regions, and shows the count and the first rows', async () => {
    const response = await subject.execute(REGIONS_CHECK_ACTION, { kind: 'down-peer' }, {});
    expect(sim.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', '/pd/api/v1/regions/check/down-peer'],
    ]);
    const count = (JSON.parse(response.rawBody) as { count: number }).count;
    const table = REGIONS_CHECK_ACTION.present?.(response);
    expect(table?.summary).toBe(`${count} regions with down-peer, first ${REGIONS_CHECK_ROWS} shown`);
    expect(table?.columns).toEqual(['Region', 'Leader store', 'Peer stores']);
    expect(table?.rows).toHaveLength(REGIONS_CHECK_ROWS);
    expect(table?.rows.every((row) => row[2]?.split(', ').includes('6'))).toBe(true);
  });

  it('says so when no region is in that state', async () => {
    const response = await subject.execute(REGIONS_CHECK_ACTION, { kind: 'miss-peer' }, {});
    expect(REGIONS_CHECK_ACTION.present?.(response)).toEqual({
      summary: '0 regions with miss-peer',
      columns: ['Region', 'Leader store', 'Peer stores'],
      rows: [],
    });
  });

  it('refuses a kind PD has no check for before anything is sent', () => {
    const result = interpretCommand('regions-check sick-peer', new ActionRegistry([REGIONS_CHECK_ACTION]));
    expect(JSON.stringify(result)).toContain('down-peer, pending-peer, offline-peer');
  });

  it('marks learners and keeps every row when PD lists few', async () => {
    const body =
      '{"count":1,"regions":[{"id":42,"peers":[{"role_name":"Voter","id":43,"store_id":1},' +
      '{"role_name":"Learner","is_learner":true,"id":44,"store_id":7,"role":1}],' +
      '"leader":{"role_name":"Voter","id":43,"store_id":1}}]}';
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/regions/check/learner-peer',
      action: 'status',
      status: 200,
      body,
    });
    const response = await subject.execute(REGIONS_CHECK_ACTION, { kind: 'learner-peer' }, {});
    const outcome = okOutcomeFor('regions_check', { kind: 'learner-peer' }, response);
    expect(REGIONS_CHECK_ACTION.present?.(response)).toEqual({
      summary: '1 region with learner-peer',
      columns: ['Region', 'Leader store', 'Peer stores'],
      rows: [['42', '1', '1, 7 (Learner)']],
    });
    expectGolden('slack/regions-check-learner', renderOutcomeMessage(outcome));
    expect(renderOutcomeText(outcome)).toContain('Success! 1 region with learner-peer');
    expect(renderOutcomeText(outcome)).toContain('42      1             1, 7 (Learner)');
  });

  it('leaves the raw body when the answer is not a region list', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/regions/check/down-peer',
      action: 'status',
      status: 200,
      body: 'oops',
    });
    const response = await subject.execute(REGIONS_CHECK_ACTION, { kind: 'down-peer' }, {});
    expect(REGIONS_CHECK_ACTION.present?.(response)).toBeUndefined();
  });
});

describe('regions-check on a 1,000,000-region cluster', () => {
  it("shows PD's count and the first rows within Slack's limits, even when the client cut PD's body", async () => {
    const sim = await startPdSim({ timing: 'manual', regions: 1_000_000 });
    const pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 120_000 });
    try {
      const response = await new TikvSubject(pd).execute(REGIONS_CHECK_ACTION, { kind: 'down-peer' }, {});
      expect(sim.requests.map((r) => r.path)).toEqual(['/pd/api/v1/regions/check/down-peer']);
      expect(response.truncatedAtBytes).toBeDefined();
      const table = REGIONS_CHECK_ACTION.present?.(response);
      expect(table?.summary).toMatch(
        new RegExp(`^\\d{6} regions with down-peer, first ${REGIONS_CHECK_ROWS} shown$`),
      );
      expect(table?.rows).toHaveLength(REGIONS_CHECK_ROWS);
      const message = renderOutcomeMessage(okOutcomeFor('regions_check', { kind: 'down-peer' }, response));
      expect(checkMessage(message)).toBeUndefined();
      expect(JSON.stringify(message).length).toBeLessThan(6_000);
    } finally {
      await pd.close();
      await sim.close();
    }
  }, 180_000);
});
