import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import type { PlannedAction } from '../../../../src/core/actions/action-plan.js';
import { evaluatePolicy } from '../../../../src/core/policy/evaluate-policy.js';
import type { Policy } from '../../../../src/core/policy/policy.js';
import { PdClient } from '../../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { CANCEL_OPERATOR } from '../../../../src/subjects/tikv/actions/cancel-operator.js';
import { DRAIN_STORE } from '../../../../src/subjects/tikv/actions/drain-store.js';
import { TRANSFER_LEADER } from '../../../../src/subjects/tikv/actions/transfer-leader.js';
import { UNDRAIN_STORE } from '../../../../src/subjects/tikv/actions/undrain-store.js';
import { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { expectGolden } from '../../../support/golden.js';
import { AT, requestFor, TARGET } from '../../../support/outcome-fixtures.js';

const EVICT_DELETE = '/pd/api/v1/scheduler-config/evict-leader-scheduler/delete';

function policyGranting(risk: Policy['rules'][number]['risk']): Policy {
  return {
    version: 1,
    readOnlyActions: 'open',
    approvals: {
      requiredForRisk: [],
      requiredForActions: [],
      ttlMinutes: 30,
      approvers: { users: [], groups: [] },
    },
    rules: risk.length === 0 ? [] : [{ name: 'oncall', users: ['U0ONCALL'], groups: [], actions: [], risk }],
  };
}

function allowed(policy: Policy, action: PlannedAction, params: Record<string, number>): boolean {
  return evaluatePolicy(policy, { userId: 'U0ONCALL', groupIds: [], action, params }).allowed;
}

describe('cancel-operator and undrain-store against the simulator', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  beforeEach(async () => {
    sim = await startPdSim({ timing: 'manual' });
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
    subject = new TikvSubject(pd);
  });
  afterEach(async () => {
    await pd.close();
    await sim.close();
  });
  const sent = () => sim.requests.map((r) => [r.method, r.path, r.body]);

  it('cancel-operator sends exactly DELETE /operators/{id} and shows PD answer; the operator ends as CANCEL', async () => {
    await subject.execute(TRANSFER_LEADER, { region_id: 42, to_store_id: 4 }, {});
    sim.requests.length = 0;
    const response = await subject.execute(CANCEL_OPERATOR, { region_id: 42 }, { correlationId: 'c0ffee' });
    expect(sent()).toEqual([['DELETE', '/pd/api/v1/operators/42', '']]);
    expect(sim.requests[0]?.headers['x-request-id']).toBe('c0ffee');
    expect([response.status, response.rawBody]).toEqual([200, '"The pending operator is canceled."\n']);
    const outcome = {
      kind: 'ok' as const,
      request: requestFor('cancel_operator', { region_id: 42 }),
      target: TARGET,
      response: { ...response, durationMs: 3 },
      startedAt: AT,
      durationMs: 3,
    };
    expectGolden('slack/cancel-operator-canceled', renderOutcomeMessage(outcome));
    expect(renderOutcomeText(outcome)).toContain('The pending operator is canceled.');
    const status = await fetch(`${sim.url}/pd/api/v1/operators/42`).then((r) => r.json());
    expect(status).toMatch(/^status: CANCEL, /);
  });

  it('cancel-operator with no operator on the region ends in PD 500 ErrOperatorNotFound', async () => {
    await expect(subject.execute(CANCEL_OPERATOR, { region_id: 42 }, {})).rejects.toMatchObject({
      code: 'PD_HTTP_ERROR',
      status: 500,
      rawBody: '"[PD:operator:ErrOperatorNotFound]operator not found"\n',
    });
  });

  it('cancel-operator dry run shows the DELETE, warns that any operator is cancelled, and sends nothing', async () => {
    const preview = await subject.preview(CANCEL_OPERATOR, { region_id: 42 }, {});
    expect(preview.pdRequests).toEqual([{ method: 'DELETE', path: '/pd/api/v1/operators/42' }]);
    expect(preview.warnings.join(' ')).toContain('including one a scheduler or checker started');
    expect(sim.requests).toEqual([]);
    const outcome = {
      kind: 'preview' as const,
      request: requestFor('cancel_operator', { region_id: 42 }),
      target: TARGET,
      startedAt: AT,
      pdRequests: preview.pdRequests,
      warnings: preview.warnings,
    };
    expectGolden('slack/cancel-operator-preview', renderOutcomeMessage(outcome));
    const text = renderOutcomeText(outcome);
    expect(text).toContain('DELETE http://pd-0.pd-peer:2379/pd/api/v1/operators/42');
    expect(text).toContain('Warning: PD cancels any operator on the region');
  });

  it('undrain-store answers null while other stores stay drained, then "The last store has been deleted"', async () => {
    await subject.execute(DRAIN_STORE, { store_id: 3 }, {});
    await subject.execute(DRAIN_STORE, { store_id: 4 }, {});
    sim.requests.length = 0;
    const first = await subject.execute(UNDRAIN_STORE, { store_id: 3 }, {});
    expect([first.status, first.rawBody]).toEqual([200, 'null\n']);
    const last = await subject.execute(UNDRAIN_STORE, { store_id: 4 }, {});
    expect([last.status, last.rawBody]).toEqual([200, '"The last store has been deleted"\n']);
    expect(sent()).toEqual([
      ['DELETE', `${EVICT_DELETE}/3`, ''],
      ['DELETE', `${EVICT_DELETE}/4`, ''],
    ]);
    const outcome = {
      kind: 'ok' as const,
      request: requestFor('undrain_store', { store_id: 4 }),
      target: TARGET,
      response: { ...last, durationMs: 3 },
      startedAt: AT,
      durationMs: 3,
    };
    expectGolden('slack/undrain-store-last', renderOutcomeMessage(outcome));
    expect(renderOutcomeText(outcome)).toContain('The last store has been deleted');
    const schedulers = await fetch(`${sim.url}/pd/api/v1/schedulers`).then((r) => r.json());
    expect(schedulers).not.toContain('evict-leader-scheduler');
  });

  it('undrain-store of a store not in the list ends in PD 404 ErrScheduleConfigNotExist', async () => {
    await subject.execute(DRAIN_STORE, { store_id: 3 }, {});
    await expect(subject.execute(UNDRAIN_STORE, { store_id: 4 }, {})).rejects.toMatchObject({
      code: 'PD_HTTP_ERROR',
      status: 404,
      rawBody: '"[PD:scheduler:ErrScheduleConfigNotExist]the config does not exist"\n',
    });
  });

  it('undrain-store with no evict-leader-scheduler at all ends in PD 404 plain text', async () => {
    await expect(subject.execute(UNDRAIN_STORE, { store_id: 4 }, {})).rejects.toMatchObject({
      code: 'PD_HTTP_ERROR',
      status: 404,
      rawBody: '404 page not found\n',
    });
    expect(sent()).toEqual([['DELETE', `${EVICT_DELETE}/4`, '']]);
  });

  it('undrain-store dry run shows the DELETE and sends nothing', async () => {
    const preview = await subject.preview(UNDRAIN_STORE, { store_id: 4 }, {});
    expect(preview.pdRequests).toEqual([{ method: 'DELETE', path: `${EVICT_DELETE}/4` }]);
    expect(sim.requests).toEqual([]);
  });

  it.each([
    ['cancel-operator', CANCEL_OPERATOR, 'medium', { region_id: 42 }],
    ['undrain-store', UNDRAIN_STORE, 'low', { store_id: 4 }],
  ] as const)('%s is a write, denied unless its risk is granted', (_name, action, risk, params) => {
    expect(action.mutating).toBe(true);
    expect(action.riskLevel).toBe(risk);
    expect(allowed(policyGranting([]), action, params)).toBe(false);
    expect(allowed(policyGranting(['high']), action, params)).toBe(false);
    expect(allowed(policyGranting([risk]), action, params)).toBe(true);
  });
});
