import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionPlan, PlanReads } from '../../../src/core/actions/action-plan.js';
import { EmptyPlanError, executePlan, previewPlan } from '../../../src/core/actions/run-plan.js';
import { PdHttpError } from '../../../src/core/pd/pd-errors.js';
import { DryRunTransport } from '../../../src/pd/dry-run-transport.js';
import { PdClient } from '../../../src/pd/pd-client.js';
import { schedulerListRequest, storeRequest, transferLeaderRequest } from '../../../src/pd/pd-request.js';

const WRITE = transferLeaderRequest(42, 4);

/** A plan that reads the schedulers, checks store 4 in dry runs, and remembers what it was told. */
function probePlan(decide: ActionPlan['decide'] = () => ({ sends: [WRITE] })) {
  const seen: PlanReads[] = [];
  const plan: ActionPlan = {
    reads: [schedulerListRequest()],
    checks: [storeRequest(4)],
    decide: (answers) => {
      seen.push(answers);
      return decide(answers);
    },
  };
  return { plan, seen };
}

describe('executePlan and previewPlan against the PD simulator', () => {
  let sim: PdSim;
  let pd: PdClient;
  beforeAll(async () => {
    sim = await startPdSim({ timing: 'manual' });
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await pd.close();
    await sim.close();
  });
  beforeEach(() => {
    sim.faults.set([]);
    sim.requests.length = 0;
  });
  const sent = () => sim.requests.map((r) => `${r.method} ${r.path}`);

  it('a real run sends the reads, then what decide returns, and skips dry-run checks', async () => {
    const { plan, seen } = probePlan();
    const response = await executePlan(plan, pd, { correlationId: 'c1' });
    expect(sent()).toEqual(['GET /pd/api/v1/schedulers', 'POST /pd/api/v1/operators']);
    expect(response.request).toEqual(WRITE);
    expect(seen.map((s) => [s.reads.map((r) => r.ok), s.checks])).toEqual([[[true], undefined]]);
  });

  it('a real run hands a failed read to decide and sends nothing when it stops', async () => {
    sim.faults.set('GET /pd/api/v1/schedulers=status:500:boom');
    const { plan } = probePlan(({ reads: [list] }) =>
      list && !list.ok ? { sends: [WRITE], stop: list.error } : { sends: [WRITE] },
    );
    await expect(executePlan(plan, pd, {})).rejects.toBeInstanceOf(PdHttpError);
    expect(sent()).toEqual(['GET /pd/api/v1/schedulers']);
  });

  it('refuses a plan that decides to send nothing', async () => {
    const { plan } = probePlan(() => ({ sends: [] }));
    await expect(executePlan(plan, pd, {})).rejects.toBeInstanceOf(EmptyPlanError);
  });

  it('a dry run sends reads and checks for real, shows the write, and sends no write', async () => {
    const { plan, seen } = probePlan((a) => ({ sends: [WRITE], notes: [`${a.checks?.length} check`] }));
    const preview = await previewPlan(plan, new DryRunTransport(pd), {});
    expect(sent()).toEqual(['GET /pd/api/v1/schedulers', 'GET /pd/api/v1/store/4']);
    expect(preview).toEqual({
      pdRequests: [WRITE],
      reads: [
        { request: schedulerListRequest(), answer: 'HTTP 200' },
        { request: storeRequest(4), answer: 'HTTP 200' },
      ],
      notes: ['1 check'],
      warnings: [],
      alternatives: [],
    });
    expect(seen[0]?.checks?.map((c) => c.ok)).toEqual([true]);
  });

  it('a dry run that stops shows no write and says a real run would stop at the read', async () => {
    sim.faults.set('GET /pd/api/v1/schedulers=status:500:boom');
    const { plan } = probePlan(({ reads: [list] }) =>
      list && !list.ok ? { sends: [WRITE], stop: list.error } : { sends: [WRITE] },
    );
    const preview = await previewPlan(plan, new DryRunTransport(pd), {});
    expect(preview.pdRequests).toEqual([]);
    expect(preview.warnings).toEqual([
      'Reading GET /pd/api/v1/schedulers failed (PD answered HTTP 500: boom). A real run would stop at this read and change nothing.',
    ]);
    expect(sent()).toEqual(['GET /pd/api/v1/schedulers', 'GET /pd/api/v1/store/4']);
  });
});
