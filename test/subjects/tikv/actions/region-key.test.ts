import type { PdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { REGION_ACTION } from '../../../../src/subjects/tikv/actions/region.js';
import { REGION_KEY_ACTION } from '../../../../src/subjects/tikv/actions/region-key.js';
import type { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

describe('region-key: the region holding a hex key', () => {
  let sim: PdSim;
  let subject: TikvSubject;
  useSimSubject((made) => {
    ({ sim, subject } = made);
  });

  it('finds the region whose range holds the key, shown as `region` shows it', async () => {
    const byId = await subject.execute(REGION_ACTION, { region_id: 42 }, {});
    const { start_key: start } = JSON.parse(byId.rawBody) as { start_key: string };
    sim.requests.length = 0;
    const response = await subject.execute(REGION_KEY_ACTION, { key: `${start.toLowerCase()}00` }, {});
    expect(sim.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', `/pd/api/v1/region/key/${start.toLowerCase()}00`, 'format=hex'],
    ]);
    expect(REGION_KEY_ACTION.present?.(response)).toEqual(REGION_ACTION.present?.(byId));
  });

  it("keeps the path to hex digits, so a key that is not hex gets PD's own 400", async () => {
    await expect(subject.execute(REGION_KEY_ACTION, { key: 'ab c' }, {})).rejects.toMatchObject({
      status: 400,
      rawBody: '"encoding/hex: invalid byte: U+0020 \' \'"\n',
    });
    expect(sim.requests.map((r) => r.path)).toEqual(['/pd/api/v1/region/key/ab%20c']);
  });

  it.each([
    ['null', 'null'],
    ['a zero-valued region', '{"epoch":null,"leader":{"role_name":""}}'],
  ])('says the key has no region when PD answers 200 %s', async (_name, body) => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/region/key/7480',
      action: 'status',
      status: 200,
      body,
    });
    const response = await subject.execute(REGION_KEY_ACTION, { key: '7480' }, {});
    const outcome = okOutcomeFor('region_key', { key: '7480' }, response);
    expect(REGION_KEY_ACTION.present?.(response)?.summary).toBe('region for key 7480 not found');
    expect(renderOutcomeText(outcome)).toContain('Success! region for key 7480 not found');
    if (body === 'null') expectGolden('slack/region-key-not-found', renderOutcomeMessage(outcome));
  });
});
