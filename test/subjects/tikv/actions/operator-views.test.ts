import { type PdSim, SimClock, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import { isPdError } from '../../../../src/core/pd/pd-errors.js';
import { PdClient } from '../../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { OPERATOR_ACTION } from '../../../../src/subjects/tikv/actions/operator.js';
import { OPERATOR_HISTORY } from '../../../../src/subjects/tikv/actions/operator-history.js';
import { OPERATORS_ACTION } from '../../../../src/subjects/tikv/actions/operators.js';
import { TRANSFER_LEADER } from '../../../../src/subjects/tikv/actions/transfer-leader.js';
import { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { expectGolden } from '../../../support/golden.js';
import { okOutcomeFor } from '../../../support/outcome-fixtures.js';

/** A balance-region operator as PD v8.5 prints it (pd-api.md §2.1). */
const BALANCE =
  'balance-region {mv peer: store [5] to [7]} (kind:region, region:3100(88, 11), createAt:2026-08-21 10:15:02 +0800 CST m=+86400.1, startAt:2026-08-21 10:15:02 +0800 CST m=+86400.2, currentStep:1, size:94, steps:[0:{add learner peer 3107 on store 7}, 1:{promote learner peer 3107 on store 7 to voter}, 2:{remove peer on store 5}], timeout:[10m0s])';

describe('operator views against the simulator', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  // A fresh cluster per test, whose simulated wall clock starts now and moves only by advance().
  beforeEach(async () => {
    sim = await startPdSim({ timing: 'manual', clock: new SimClock({ startWallMs: Date.now() }) });
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
    subject = new TikvSubject(pd);
  });
  afterEach(async () => {
    await pd.close();
    await sim.close();
  });

  it('operators: an empty list says no operator is in flight', async () => {
    const response = await subject.execute(OPERATORS_ACTION, {}, {});
    expect(sim.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/pd/api/v1/operators']]);
    expect(OPERATORS_ACTION.present?.(response)?.summary).toBe('no operator in flight');
  });

  it('operators: groups what is in flight by kind, admin and scheduler operators alike', async () => {
    await subject.execute(TRANSFER_LEADER, { region_id: 42, to_store_id: 4 }, {});
    const sims = await subject.execute(OPERATORS_ACTION, {}, {});
    const [live] = JSON.parse(sims.rawBody) as string[];
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/operators',
      action: 'status',
      status: 200,
      body: `${JSON.stringify([BALANCE, live])}\n`,
    });
    const response = await subject.execute(OPERATORS_ACTION, {}, {});
    const table = OPERATORS_ACTION.present?.(response);
    expect(table?.summary).toBe('2 operators in flight (1 admin,leader, 1 region)');
    expect(table?.rows).toEqual([
      ['admin,leader', '42', 'admin-transfer-leader', 'transfer leader: store 2 to 4', '0'],
      ['region', '3100', 'balance-region', 'mv peer: store [5] to [7]', '1'],
    ]);
    const message = renderOutcomeMessage(okOutcomeFor(OPERATORS_ACTION.name, {}, response));
    expectGolden('slack/operators-two-kinds', message);
    expect(renderOutcomeText(okOutcomeFor(OPERATORS_ACTION.name, {}, response))).toContain(
      'region        3100    balance-region',
    );
  });

  it('operators: a body that is not PD operator strings is shown raw', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/operators',
      action: 'status',
      status: 200,
      body: '{}',
    });
    expect(OPERATORS_ACTION.present?.(await subject.execute(OPERATORS_ACTION, {}, {}))).toBeUndefined();
  });

  it('operator: parses RUNNING with the current step marked, then SUCCESS once it finished', async () => {
    await subject.execute(TRANSFER_LEADER, { region_id: 42, to_store_id: 4 }, {});
    sim.requests.length = 0;
    const running = await subject.execute(OPERATOR_ACTION, { region_id: 42 }, {});
    expect(sim.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/pd/api/v1/operators/42']]);
    const table = OPERATOR_ACTION.present?.(running);
    expect(table?.summary).toMatch(
      /^RUNNING: admin-transfer-leader \{transfer leader: store \d to 4\} on region 42/,
    );
    expect(table?.rows[0]?.[1]).toBe('→');
    expectGolden(
      'slack/operator-running',
      renderOutcomeMessage(okOutcomeFor(OPERATOR_ACTION.name, { region_id: 42 }, running)),
    );
    sim.advance(1_000);
    const done = OPERATOR_ACTION.present?.(await subject.execute(OPERATOR_ACTION, { region_id: 42 }, {}));
    expect(done?.summary).toMatch(/^SUCCESS: /);
    expect(done?.rows.map((row) => row[1])).toEqual(['']);
  });

  it.each(['TIMEOUT', 'CANCEL', 'REPLACE'])('operator: shows PD status %s as it is', async (status) => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/operators/3100',
      action: 'status',
      status: 200,
      body: `${JSON.stringify(`status: ${status}, operator: ${BALANCE}`)}\n`,
    });
    const table = OPERATOR_ACTION.present?.(await subject.execute(OPERATOR_ACTION, { region_id: 3100 }, {}));
    expect(table?.summary).toBe(
      `${status}: balance-region {mv peer: store [5] to [7]} on region 3100 (kind region)`,
    );
    expect(table?.rows).toEqual([
      ['0', '', 'add learner peer 3107 on store 7'],
      ['1', '', 'promote learner peer 3107 on store 7 to voter'],
      ['2', '', 'remove peer on store 5'],
    ]);
  });

  it('operator: PD 500 ErrOperatorNotFound ends as PD error with PD body', async () => {
    const error = await subject.execute(OPERATOR_ACTION, { region_id: 999_999 }, {}).catch((e: unknown) => e);
    expect(isPdError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PD_HTTP_ERROR', status: 500 });
  });

  it('operator-history: asks PD for records since the duration ago, newest first', async () => {
    await subject.execute(TRANSFER_LEADER, { region_id: 42, to_store_id: 4 }, {});
    sim.advance(1_000);
    sim.requests.length = 0;
    const before = Math.floor(Date.now() / 1000);
    const response = await subject.execute(OPERATOR_HISTORY, {}, {});
    const [request] = sim.requests;
    const from = Number(/^from=(\d+)$/.exec(request?.query ?? '')?.[1]);
    expect(request?.path).toBe('/pd/api/v1/operators/records');
    expect(before - from).toBeGreaterThanOrEqual(600);
    expect(before - from).toBeLessThanOrEqual(601);
    const table = OPERATOR_HISTORY.present?.(response);
    expect(table?.columns).toEqual(['Finished at', 'Region', 'Operator', 'What', 'End', 'Took']);
    expect(table?.rows.some((row) => row[1] === '42' && row[4] === 'finished')).toBe(true);
  });

  it('operator-history: a since of 1h asks for the hour before the injected time', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    await subject.execute(OPERATOR_HISTORY, { since: 3_600_000 }, {}, now).catch(() => undefined);
    expect(sim.requests[0]?.query).toBe(`from=${now.getTime() / 1000 - 3600}`);
  });

  it.each([OPERATORS_ACTION, OPERATOR_HISTORY])(
    '%s: a dry run shows the GET and sends nothing',
    async (action) => {
      const preview = await subject.preview(action, {}, {});
      expect(preview.pdRequests.map((r) => r.method)).toEqual(['GET']);
      expect(sim.requests).toEqual([]);
    },
  );
});
