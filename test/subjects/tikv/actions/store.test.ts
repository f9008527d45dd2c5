import type { PdSim } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import { ActionRegistry } from '../../../../src/core/actions/action-registry.js';
import { interpretCommand } from '../../../../src/core/commands/interpret-command.js';
import { PdHttpError } from '../../../../src/core/pd/pd-errors.js';
import type { PdClient } from '../../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { DRAIN_STORE } from '../../../../src/subjects/tikv/actions/drain-store.js';
import { STORE_ACTION } from '../../../../src/subjects/tikv/actions/store.js';
import { TIKV_ACTIONS } from '../../../../src/subjects/tikv/tikv-actions.js';
import type { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { checkMessage } from '../../../support/fake-slack/slack-limits.js';
import { expectGolden } from '../../../support/golden.js';
import { AT, okOutcomeFor, requestFor, TARGET } from '../../../support/outcome-fixtures.js';
import { useSimSubject } from '../../../support/use-sim-subject.js';

describe('store <id>: one store as Field | Value rows', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  useSimSubject((made) => {
    ({ sim, pd, subject } = made);
  });

  it('is told apart from stores when typed', () => {
    const registry = new ActionRegistry(TIKV_ACTIONS);
    expect(interpretCommand('store 5', registry)).toMatchObject({
      kind: 'ready',
      action: { name: 'store' },
      params: { store_id: 5 },
    });
    expect(interpretCommand('stores', registry)).toMatchObject({ kind: 'ready', action: { name: 'stores' } });
    expect(interpretCommand('store', registry).kind).not.toBe('ready');
  });

  it('sends only GETs, the evict-leader list then the store, and shows the fields PD sent', async () => {
    const response = await subject.execute(STORE_ACTION, { store_id: 1 }, { correlationId: 'c0ffee' });
    expect(sim.requests.map((r) => [r.method, r.path, r.headers['x-request-id']])).toEqual([
      ['GET', '/pd/api/v1/scheduler-config/evict-leader-scheduler/list', 'c0ffee'],
      ['GET', '/pd/api/v1/store/1', 'c0ffee'],
    ]);
    const table = STORE_ACTION.present?.(response);
    expect(table?.summary).toBe('store 1 is Up');
    expect(table?.columns).toEqual(['Field', 'Value']);
    const fields = Object.fromEntries(table?.rows.map((row) => [row[0], row[1]]) ?? []);
    expect(fields).toMatchObject({
      id: '1',
      address: 'tikv-0.tikv-peer.tidb.svc:20160',
      state_name: 'Up',
      labels: 'zone=az1 host=tikv-0',
      capacity: '2TiB',
      leader_count: '213',
      region_count: '489',
      // PD answered the list's GET with 404: no evict-leader-scheduler, so no store is under it.
      'evict-leader': 'no (PD runs no evict-leader-scheduler)',
    });
    expect(Object.keys(fields)).toContain('last_heartbeat_ts');
    // PD omits zero values; a field PD did not send is not made up.
    expect(Object.keys(fields)).not.toContain('pause_leader_transfer_in');
  });

  it('names the Down store and the evicting one', async () => {
    const down = STORE_ACTION.present?.(await subject.execute(STORE_ACTION, { store_id: 6 }, {}));
    expect(down?.summary).toBe('store 6 is Down');
    await subject.execute(DRAIN_STORE, { store_id: 2 }, {});
    try {
      const evicting = STORE_ACTION.present?.(await subject.execute(STORE_ACTION, { store_id: 2 }, {}));
      expect(evicting?.summary).toBe('store 2 is Up, evicting');
      expect(evicting?.rows).toContainEqual(['pause_leader_transfer_in', 'true']);
      expect(evicting?.rows).toContainEqual(['evict-leader', "yes (in evict-leader-scheduler's store list)"]);
      const other = STORE_ACTION.present?.(await subject.execute(STORE_ACTION, { store_id: 1 }, {}));
      expect(other?.summary).toBe('store 1 is Up');
      expect(other?.rows).toContainEqual(['evict-leader', "no (not in evict-leader-scheduler's store list)"]);
    } finally {
      await pd.send({ method: 'DELETE', path: '/pd/api/v1/schedulers/evict-leader-scheduler' });
    }
  });

  it('calls a store in the evict-leader list evicting before PD sets pause_leader_transfer_in', async () => {
    // The flag follows the list by a heartbeat (and older PDs never send it): the list is the word.
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/scheduler-config/evict-leader-scheduler/list',
      action: 'status',
      status: 200,
      body: '{"store-id-ranges":{"3":[{"start-key":"","end-key":""}]},"batch":3}',
    });
    const table = STORE_ACTION.present?.(await subject.execute(STORE_ACTION, { store_id: 3 }, {}));
    expect(table?.summary).toBe('store 3 is Up, evicting');
    expect(table?.rows.map((r) => r[0])).not.toContain('pause_leader_transfer_in');
    expect(table?.rows).toContainEqual(['evict-leader', "yes (in evict-leader-scheduler's store list)"]);
  });

  it.each([
    [
      'PD answers 503',
      { action: 'status' as const, status: 503, body: 'no leader' },
      'reading the evict-leader list from PD failed',
    ],
    [
      'PD answers 200 with something else',
      { action: 'status' as const, status: 200, body: '[]' },
      "PD's evict-leader list was not in the shape PD documents",
    ],
  ])('still shows the store, with evict-leader unknown, when %s to the list', async (_name, fault, why) => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/scheduler-config/evict-leader-scheduler/list',
      ...fault,
    });
    const table = STORE_ACTION.present?.(await subject.execute(STORE_ACTION, { store_id: 1 }, {}));
    expect(table?.summary).toBe('store 1 is Up (whether it is under evict-leader is unknown)');
    expect(table?.rows).toContainEqual(['evict-leader', `unknown (${why})`]);
    expect(sim.requests.map((r) => r.path)).toContain('/pd/api/v1/store/1');
  });

  it("shows PD's 404 for an unknown store as PD's answer, in Slack and on the console", async () => {
    const error = await subject.execute(STORE_ACTION, { store_id: 99 }, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PdHttpError);
    const httpError = error as PdHttpError;
    expect(httpError.status).toBe(404);
    expect(httpError.rawBody).toContain('[PD:core:ErrStoreNotFound]store 99 not found');
    const outcome = {
      kind: 'pd_error' as const,
      request: requestFor('store', { store_id: 99 }),
      target: TARGET,
      startedAt: AT,
      durationMs: 3,
      error: httpError,
    };
    const message = renderOutcomeMessage(outcome);
    expect(checkMessage(message)).toBeUndefined();
    const slack = JSON.stringify(message);
    expect(slack).toContain('PD answered *HTTP 404*');
    expect(slack).toContain('[PD:core:ErrStoreNotFound]store 99 not found');
    // A read that failed changed nothing, and saying "nothing changed" is for writes.
    expect(slack).not.toContain('Nothing was changed');
    const text = renderOutcomeText(outcome);
    expect(text).toContain('Failed! [404]');
    expect(text).toContain('store 99 not found');
  });

  it.each([
    ['not JSON', 'oops'],
    ['a store without state_name', '{"store":{"id":1}}'],
  ])('leaves PD raw body to be shown when the answer is %s', async (_name, body) => {
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/store/1', action: 'status', status: 200, body });
    expect(STORE_ACTION.present?.(await subject.execute(STORE_ACTION, { store_id: 1 }, {}))).toBeUndefined();
  });

  it('shows the TiFlash store as a table in Slack and on the console', async () => {
    const response = await subject.execute(STORE_ACTION, { store_id: 7 }, {});
    const outcome = okOutcomeFor('store', { store_id: 7 }, response);
    const message = renderOutcomeMessage(outcome);
    expectGolden('slack/store-tiflash', message);
    expect(checkMessage(message)).toBeUndefined();
    expect(JSON.stringify(message)).toContain('engine=tiflash');
    const text = renderOutcomeText(outcome);
    expect(text).toContain('Success! store 7 is Up');
    expect(text).toMatch(/labels +engine=tiflash zone=az1/);
  });
});
