import type { PdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { REGION_ACTION } from '../../../../src/subjects/tikv/actions/region.js';
import { REGION_KEY_ACTION } from '../../../../src/subjects/tikv/actions/region-key.js';
import type { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { checkMessage } from '../../../support/fake-slack/slack-limits.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

describe('region-key: the region holding a key, hex, raw or Go-escaped as pd-ctl takes it', () => {
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
    const outcome = okOutcomeFor('region_key', { key: `${start.toLowerCase()}00` }, response);
    const message = renderOutcomeMessage(outcome);
    expect(checkMessage(message)).toBeUndefined();
    expectGolden('slack/region-key-found', message);
  });

  it("sends an encode key (Go escapes, as pd-ctl prints keys) url.QueryEscape'd as pd-ctl does, finding the same region", async () => {
    const byId = await subject.execute(REGION_ACTION, { region_id: 42 }, {});
    const { start_key: start } = JSON.parse(byId.rawBody) as { start_key: string };
    // Go's %q of the bytes: printable ASCII as is, the rest \xHH.
    const goEscaped = [...Buffer.from(start, 'hex')]
      .map((b) =>
        b >= 0x20 && b < 0x7f && b !== 0x5c && b !== 0x22
          ? String.fromCharCode(b)
          : `\\x${b.toString(16).padStart(2, '0')}`,
      )
      .join('');
    sim.requests.length = 0;
    const params = { key: goEscaped, format: 'encode' };
    const response = await subject.execute(REGION_KEY_ACTION, params, {});
    const escaped = [...Buffer.from(start, 'hex')]
      .map((b) =>
        /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
    expect(sim.requests.map((r) => [r.path, r.query])).toEqual([[`/pd/api/v1/region/key/${escaped}`, '']]);
    expect(REGION_KEY_ACTION.present?.(response, params)).toEqual(REGION_ACTION.present?.(byId));
  });

  it('sends a raw key as its UTF-8 bytes, a space as +, a slash escaped', async () => {
    const params = { key: 'a b/é', format: 'raw' };
    const response = await subject.execute(REGION_KEY_ACTION, params, {});
    expect(sim.requests.map((r) => [r.path, r.query])).toEqual([['/pd/api/v1/region/key/a+b%2F%C3%A9', '']]);
    // Below every table key: the first region, which starts at "".
    expect(REGION_KEY_ACTION.present?.(response, params)?.summary).toContain('region 2');
  });

  it('says so when an encode key has an escape pd-ctl would not read, and sends the backslash as typed', async () => {
    const params = { key: 't\\q', format: 'encode' };
    const response = await subject.execute(REGION_KEY_ACTION, params, {});
    expect(sim.requests.map((r) => r.path)).toEqual(['/pd/api/v1/region/key/t%5Cq']);
    expect(REGION_KEY_ACTION.present?.(response, params)?.summary).toMatch(
      /\("\\q" at 2 is no escape pd-ctl reads; sent as typed\)$/,
    );
  });

  it('names a raw key that has no region as typed', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/region/key/**',
      action: 'status',
      status: 200,
      body: 'null',
    });
    const params = { key: 't\\x80', format: 'encode' };
    const response = await subject.execute(REGION_KEY_ACTION, params, {});
    expect(REGION_KEY_ACTION.present?.(response, params)?.summary).toBe(
      'region for encode key t\\x80 not found',
    );
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
