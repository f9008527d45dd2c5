import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../../src/console/render-outcome-text.js';
import type { ActionParams } from '../../../../src/core/actions/action-definition.js';
import type { Outcome } from '../../../../src/core/engine/outcome.js';
import { isPdError } from '../../../../src/core/pd/pd-errors.js';
import { PdClient } from '../../../../src/pd/pd-client.js';
import { renderOutcomeMessage } from '../../../../src/slack/render-outcome-message.js';
import { TRANSFER_LEADER } from '../../../../src/subjects/tikv/actions/transfer-leader.js';
import { TIKV_ACTIONS } from '../../../../src/subjects/tikv/tikv-actions.js';
import { TikvSubject } from '../../../../src/subjects/tikv/tikv-subject.js';
import { checkMessage } from '../../../support/fake-slack/slack-limits.js';
import { expectGolden } from '../../../support/golden.js';
import { AT, okOutcomeFor, requestFor, TARGET } from '../../../support/outcome-fixtures.js';

/** Engine time for plans that read the clock (operator-history's from=): the simulator's own time. */
const SIM_NOW = new Date('2026-08-21T02:20:00Z');

/** Every read-only view, with parameters that name things a seeded 10,000-store cluster has. */
const VIEWS: readonly (readonly [string, ActionParams])[] = [
  ['health', {}],
  ['stores', {}],
  ['stores', { page: 400 }],
  ['store', { store_id: 9_999 }],
  ['region', { region_id: 42 }],
  ['region_key', { key: '7480000000000000FF645F728000000000FF0000010000000000FA' }],
  ['region_key', { key: 't\\x80\\x00\\x00\\x00\\x00\\x00\\x00\\xff', format: 'encode' }],
  ['regions_check', { kind: 'down-peer' }],
  ['regions_check', { kind: 'learner-peer' }],
  ['operators', {}],
  ['operator', { region_id: 42 }],
  ['operator_history', { since: 3_600_000 }],
  ['schedulers', {}],
  ['hot', { type: 'read' }],
  ['hot', { type: 'write' }],
];

/**
 * Every read-only view against a 10,000-store, 1,000,000-region cluster, through the client at its
 * default 1 MiB body limit (as the bot runs): each answer is one Slack message within Slack's limits
 * (the fake's checker), each is a golden, and nothing the views send costs PD O(regions).
 */
describe('every read-only view on a 10,000-store, 1,000,000-region cluster', () => {
  let sim: PdSim;
  let pd: PdClient;
  let subject: TikvSubject;
  const outcomes = new Map<string, Outcome>();
  beforeAll(async () => {
    sim = await startPdSim({ timing: 'manual', stores: 10_000, regions: 1_000_000 });
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 5000, responseTimeoutMs: 120_000 });
    subject = new TikvSubject(pd);
    // An operator in flight, so the operator views have one to show.
    await subject.execute(TRANSFER_LEADER, { region_id: 42, to_store_id: 4 }, {});
    sim.requests.length = 0;
  }, 120_000);
  afterAll(async () => {
    await pd.close();
    await sim.close();
  });

  const nameOf = (action: string, params: ActionParams) =>
    [
      action,
      ...Object.values(params).map((v) =>
        String(v)
          .replace(/[^A-Za-z0-9]+/g, '')
          .slice(0, 12),
      ),
    ].join('-');

  it.each(VIEWS)(
    '%s %o: one Slack message within limits, golden',
    async (name, params) => {
      const action = TIKV_ACTIONS.find((a) => a.name === name);
      if (!action) throw new Error(name);
      // Let the transfer-leader finish (≈1 s), so history has a record; the views before saw it running.
      if (name === 'operator_history') sim.advance(5_000);
      let outcome: Outcome;
      try {
        const response = await subject.execute(action, params, {}, SIM_NOW);
        outcome = okOutcomeFor(name, params, response);
      } catch (error) {
        if (!isPdError(error)) throw error;
        outcome = {
          kind: 'pd_error',
          request: requestFor(name, params),
          target: TARGET,
          error,
          startedAt: AT,
          durationMs: 3,
        };
      }
      outcomes.set(nameOf(name, params), outcome);
      const message = renderOutcomeMessage(outcome);
      expect(checkMessage(message)).toBeUndefined();
      expect(JSON.stringify(message).length).toBeLessThan(16_000);
      // health names the simulator's own URL (a new port each run) and does not grow with the cluster.
      if (name !== 'health') expectGolden(`slack/scale/${nameOf(name, params)}`, message);
      expect(renderOutcomeText(outcome).length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('never asked PD for anything that grows with the regions', () => {
    const paths = sim.requests.map((r) => `${r.path}${r.query === '' ? '' : `?${r.query}`}`);
    expect(paths.length).toBeGreaterThanOrEqual(VIEWS.length);
    for (const path of paths) {
      expect(path).not.toMatch(/^\/pd\/api\/v1\/regions(\?|$)/);
      expect(path).not.toMatch(/^\/pd\/api\/v1\/regions\/store\//);
      expect(path).not.toMatch(/^\/pd\/api\/v1\/regions\/key(\?|$)/);
    }
  });
});
