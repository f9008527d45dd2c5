import type { PdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { REGION_ACTION } from '../../../../src/subjects/tikv/actions/region.js';
import type { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

/** A region mid-conf-change as PD master renders it (§5.1): a learner, an incoming voter, one down peer. */
const CHANGING =
  '{"id":42,"start_key":"7480","end_key":"7490","epoch":{"conf_ver":7,"version":3},' +
  '"peers":[{"role_name":"Voter","id":43,"store_id":1},{"role_name":"Voter","id":44,"store_id":2},' +
  '{"role_name":"Learner","is_learner":true,"id":45,"store_id":3,"role":1},' +
  '{"role_name":"IncomingVoter","id":46,"store_id":4,"role":2}],' +
  '"leader":{"role_name":"Voter","id":43,"store_id":1},' +
  '"down_peers":[{"peer":{"role_name":"Voter","id":44,"store_id":2},"down_seconds":700}],' +
  '"pending_peers":[{"role_name":"Voter","id":44,"store_id":2}],' +
  '"approximate_size":96,"approximate_keys":960000}';

/** PD's zero-valued response.RegionInfo, as some versions answer 200 for an unknown region. */
const ZERO = '{"epoch":null,"leader":{"role_name":""},"approximate_size":0,"approximate_keys":0}';

describe('region: one region, bounded read', () => {
  let sim: PdSim;
  let subject: TikvSubject;
  useSimSubject((made) => {
    ({ sim, subject } = made);
  });

  it('sends only GET /region/id/N and tables its peers with the leader marked', async () => {
    const response = await subject.execute(REGION_ACTION, { region_id: 2 }, {});
    expect(sim.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/pd/api/v1/region/id/2']]);
    const table = REGION_ACTION.present?.(response);
    expect(table?.summary).toMatch(
      /^region 2: leader on store \d+, 3 peers, epoch conf_ver \d+ version \d+, ~\d+ MiB, ~\d+ keys$/,
    );
    expect(table?.columns).toEqual(['Peer', 'Store', 'Role', 'State']);
    expect(table?.rows.filter((row) => row[3] === 'leader')).toHaveLength(1);
  });

  it('shows roles, down and pending peers of a region mid-change', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/region/id/42',
      action: 'status',
      status: 200,
      body: CHANGING,
    });
    const response = await subject.execute(REGION_ACTION, { region_id: 42 }, {});
    expect(REGION_ACTION.present?.(response)).toEqual({
      summary:
        'region 42: leader on store 1, 4 peers, 1 down, 1 pending, epoch conf_ver 7 version 3, ~96 MiB, ~960000 keys',
      columns: ['Peer', 'Store', 'Role', 'State'],
      rows: [
        ['43', '1', 'voter', 'leader'],
        ['44', '2', 'voter', 'DOWN, PENDING'],
        ['45', '3', 'learner', ''],
        ['46', '4', 'incoming voter', ''],
      ],
    });
  });

  it.each([
    ['null', 'null'],
    ['a zero-valued region', ZERO],
  ])('says "region N not found" with PD raw answer when PD answers 200 %s', async (_name, body) => {
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/region/id/77', action: 'status', status: 200, body });
    const response = await subject.execute(REGION_ACTION, { region_id: 77 }, {});
    expect(REGION_ACTION.present?.(response)).toEqual({
      summary: 'region 77 not found',
      columns: ['PD answered'],
      rows: [[body]],
    });
  });

  it("shows master's 404 for an unknown region as PD's error, which names the region", async () => {
    await expect(subject.execute(REGION_ACTION, { region_id: 9_999_999 }, {})).rejects.toMatchObject({
      status: 404,
      rawBody: expect.stringContaining('[PD:region:ErrRegionNotFound]region 9999999 not found'),
    });
  });

  it('leaves the raw body when the answer is not a region', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/region/id/5',
      action: 'status',
      status: 200,
      body: 'oops',
    });
    const response = await subject.execute(REGION_ACTION, { region_id: 5 }, {});
    expect(REGION_ACTION.present?.(response)).toBeUndefined();
  });

  it('renders the table in Slack and on the console', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/region/id/42',
      action: 'status',
      status: 200,
      body: CHANGING,
    });
    const response = await subject.execute(REGION_ACTION, { region_id: 42 }, {});
    const outcome = okOutcomeFor('region', { region_id: 42 }, response);
    const message = renderOutcomeMessage(outcome);
    expectGolden('slack/region-mid-change', message);
    expect(JSON.stringify(message)).toContain('44    2      voter           DOWN, PENDING');
    const text = renderOutcomeText(outcome);
    expect(text).toContain('Success! region 42: leader on store 1');
    expect(text).toContain('46    4      incoming voter');
  });
});
