import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../src/console/render-outcome-text.js';
import type { PlannedAction } from '../../../src/core/actions/action-plan.js';
import type { Outcome } from '../../../src/core/engine/outcome.js';
import { isPdError, type PdError } from '../../../src/core/pd/pd-errors.js';
import { PdClient } from '../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../src/slack/render-outcome-message.js';
import { CANCEL_OPERATOR } from '../../../src/subjects/tikv/actions/cancel-operator.js';
import { DRAIN_STORE } from '../../../src/subjects/tikv/actions/drain-store.js';
import { OPERATOR_ACTION } from '../../../src/subjects/tikv/actions/operator.js';
import { REGION_ACTION } from '../../../src/subjects/tikv/actions/region.js';
import { STORE_ACTION } from '../../../src/subjects/tikv/actions/store.js';
import { TRANSFER_LEADER } from '../../../src/subjects/tikv/actions/transfer-leader.js';
import { TRANSFER_PEER } from '../../../src/subjects/tikv/actions/transfer-peer.js';
import { UNDRAIN_STORE } from '../../../src/subjects/tikv/actions/undrain-store.js';
import { TikvSubject } from '../../../src/subjects/tikv/tikv-subject.js';
import { expectGolden } from '../../support/golden.js';
import { AT, requestFor, TARGET } from '../../support/outcome-fixtures.js';

describe('actions word the PD errors they know, PD status and body still shown verbatim', () => {
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

  async function failure(action: PlannedAction, params: Record<string, number>): Promise<PdError> {
    const error = await subject.execute(action, params, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isPdError(error)) throw new Error(`expected a PD error, got ${String(error)}`);
    return error;
  }

  function outcomeOf(action: PlannedAction, params: Record<string, number>, error: PdError): Outcome {
    return {
      kind: 'pd_error',
      request: requestFor(action.name, params),
      target: TARGET,
      error,
      startedAt: AT,
      durationMs: 3,
    };
  }

  it('cancel-operator on a region with no operator: "no operator on region 42", and the button has no more use', async () => {
    const error = await failure(CANCEL_OPERATOR, { region_id: 42 });
    expect(CANCEL_OPERATOR.presentError?.(error, { region_id: 42 })).toEqual({
      summary: 'no operator on region 42',
      nothingToDo: true,
    });
    const outcome = outcomeOf(CANCEL_OPERATOR, { region_id: 42 }, error);
    const message = renderOutcomeMessage(outcome);
    expectGolden('slack/cancel-operator-no-operator', message);
    expect(message.text).toContain('failed (`no operator on region 42`), PD answered 500');
    const text = renderOutcomeText(outcome);
    expect(text).toContain('Failed! [500] "[PD:operator:ErrOperatorNotFound]operator not found"');
    expect(text).toContain('In short: no operator on region 42.');
    expect(text).toContain('"[PD:operator:ErrOperatorNotFound]operator not found"');
  });

  it('operator view on a region with no operator says so, with what PD remembers', async () => {
    const error = await failure(OPERATOR_ACTION, { region_id: 42 });
    expect(OPERATOR_ACTION.presentError?.(error, { region_id: 42 })?.summary).toBe(
      'no operator on region 42: none running, and none finished in the last 10 minutes',
    );
  });

  it('undrain of a store that is not drained: "store 4 is not under evict-leader; nothing to undo", in both PD forms', async () => {
    // No evict-leader-scheduler at all: Go's plain-text 404 from the missing config route.
    const none = await failure(UNDRAIN_STORE, { store_id: 4 });
    expect(none).toMatchObject({ status: 404, rawBody: '404 page not found\n' });
    expect(UNDRAIN_STORE.presentError?.(none, { store_id: 4 })).toEqual({
      summary: 'store 4 is not under evict-leader; nothing to undo',
      nothingToDo: true,
    });
    // The scheduler exists for store 3 only: 404 ErrScheduleConfigNotExist.
    await subject.execute(DRAIN_STORE, { store_id: 3 }, {});
    const other = await failure(UNDRAIN_STORE, { store_id: 4 });
    expect(other).toMatchObject({ status: 404 });
    expect(other.code === 'PD_HTTP_ERROR' && other.rawBody).toContain('ErrScheduleConfigNotExist');
    expect(UNDRAIN_STORE.presentError?.(other, { store_id: 4 })?.nothingToDo).toBe(true);
    const outcome = outcomeOf(UNDRAIN_STORE, { store_id: 4 }, other);
    expectGolden('slack/undrain-store-not-drained', renderOutcomeMessage(outcome));
    expect(renderOutcomeText(outcome)).toContain(
      'In short: store 4 is not under evict-leader; nothing to undo.',
    );
  });

  it('transfer-leader and transfer-peer on an unknown region: "region 99999 not found"', async () => {
    const leader = await failure(TRANSFER_LEADER, { region_id: 99999, to_store_id: 4 });
    expect(TRANSFER_LEADER.presentError?.(leader, { region_id: 99999, to_store_id: 4 })?.summary).toBe(
      'region 99999 not found',
    );
    const peer = await failure(TRANSFER_PEER, { region_id: 99999, from_store_id: 1, to_store_id: 4 });
    expect(
      TRANSFER_PEER.presentError?.(peer, { region_id: 99999, from_store_id: 1, to_store_id: 4 })?.summary,
    ).toBe('region 99999 not found');
  });

  it('the region view calls the 404 form not found; the 200 forms are answers its table already names', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/pd/api/v1/region/id/99999',
      action: 'status',
      status: 404,
      body: '"[PD:region:ErrRegionNotFound]region 99999 not found"\n',
    });
    const error = await failure(REGION_ACTION, { region_id: 99999 });
    expect(REGION_ACTION.presentError?.(error, { region_id: 99999 })?.summary).toBe('region 99999 not found');
  });

  it('an unknown store, named by PD: the store view, transfer-peer and drain-store', async () => {
    const view = await failure(STORE_ACTION, { store_id: 99 });
    expect(STORE_ACTION.presentError?.(view, { store_id: 99 })?.summary).toBe('store 99 not found');
    const peer = await failure(TRANSFER_PEER, { region_id: 42, from_store_id: 4, to_store_id: 99 });
    expect(
      TRANSFER_PEER.presentError?.(peer, { region_id: 42, from_store_id: 4, to_store_id: 99 })?.summary,
    ).toBe('store 99 not found');
  });

  it('the console names the command that undoes an accepted write, as Slack offers its button', async () => {
    const response = await subject.execute(TRANSFER_LEADER, { region_id: 42, to_store_id: 4 }, {});
    const outcome: Outcome = {
      kind: 'ok',
      request: requestFor('transfer_leader', { region_id: 42, to_store_id: 4 }),
      target: TARGET,
      response,
      startedAt: AT,
      durationMs: 3,
    };
    expect(renderOutcomeText(outcome)).toContain('To undo (Cancel): cancel-operator region_id=42');
    const drained = await subject.execute(DRAIN_STORE, { store_id: 3 }, {});
    expect(
      renderOutcomeText({
        ...outcome,
        request: requestFor('drain_store', { store_id: 3 }),
        response: drained,
      }),
    ).toContain('To undo (Undrain): undrain-store store_id=3');
  });

  it('an error no action knows keeps PD words alone', async () => {
    sim.faults.add({ method: 'DELETE', path: '/pd/api/v1/operators/42', action: 'status', status: 503 });
    const error = await failure(CANCEL_OPERATOR, { region_id: 42 });
    expect(CANCEL_OPERATOR.presentError?.(error, { region_id: 42 })).toBeUndefined();
    expect(renderOutcomeText(outcomeOf(CANCEL_OPERATOR, { region_id: 42 }, error))).not.toContain('In short');
  });
});
