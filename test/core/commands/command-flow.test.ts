import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandFlow } from '../../../src/core/commands/command-flow.js';
import { buildTikvEngine, type TikvEngine } from '../../../src/subjects/tikv/build-tikv-engine.js';
import { LogCapture } from '../../support/log-capture.js';
import { testSafety } from '../../support/test-safety.js';

let ticks = 0;
// Each monotonic read is 5 ms later: durations are exact, not measured.
const clock = { now: () => new Date('2026-11-28T18:00:05Z'), monotonic: () => (ticks += 5) };

let prod: PdSim;
let staging: PdSim;
let built: TikvEngine | undefined;

beforeEach(async () => {
  ticks = 0;
  [prod, staging] = await Promise.all([startPdSim({ timing: 'manual' }), startPdSim({ timing: 'manual' })]);
});
afterEach(async () => {
  await built?.close();
  built = undefined;
  await Promise.all([prod.close(), staging.close()]);
});

function flowOverTwoClusters() {
  const log = new LogCapture();
  const { safety } = testSafety({ user: 'U1' });
  built = buildTikvEngine({
    clusters: [
      {
        name: 'prod',
        production: true,
        endpoints: [prod.url],
        connectTimeoutMs: 2000,
        responseTimeoutMs: 5000,
      },
      {
        name: 'staging',
        production: false,
        endpoints: [staging.url],
        connectTimeoutMs: 2000,
        responseTimeoutMs: 5000,
        defaultForChannels: ['C-STAGING'],
      },
    ],
    logger: pino(log),
    clock,
    safety,
  });
  let n = 0;
  const flow = new CommandFlow({
    engine: built.engine,
    registry: built.registry,
    logger: pino(log),
    newCorrelationId: () => `cid-${++n}`,
  });
  return { flow, log };
}

const writes = (sim: PdSim) => sim.requests.filter((r) => r.method !== 'GET');
const slackUser = { id: 'U1', source: 'slack' } as const;

describe('CommandFlow', () => {
  it("turns a command into a request on the channel's cluster, then an outcome, logging each decision with the correlation id", async () => {
    const { flow, log } = flowOverTwoClusters();
    const ctx = flow.begin({ actor: slackUser, channelId: 'C-STAGING' });
    expect(ctx.correlationId).toBe('cid-1');
    const step = flow.interpret(ctx, 'transfer-leader 42 4');
    expect(step).toMatchObject({
      kind: 'ready',
      target: { cluster: 'staging' },
      request: { actor: slackUser, channelId: 'C-STAGING', cluster: 'staging', correlationId: 'cid-1' },
    });
    if (step.kind !== 'ready') throw new Error('not ready');
    const outcome = await flow.execute(ctx, step.request);
    expect(outcome.kind).toBe('ok');
    expect(writes(staging)).toHaveLength(1);
    expect(writes(prod)).toHaveLength(0);
    expect(log.find((l) => l.decision === 'cluster_chosen')).toMatchObject([
      { correlationId: 'cid-1', user: 'U1', source: 'slack', channel: 'C-STAGING', how: 'channel_default' },
    ]);
    const finished = log.find((l) => l.decision === 'finished');
    expect(finished).toMatchObject([{ correlationId: 'cid-1', outcome: 'ok' }]);
    expect(finished[0]?.durationMs).toBeGreaterThan(0);
  });

  it('keeps a correlation id the front end minted', () => {
    const { flow } = flowOverTwoClusters();
    expect(flow.begin({ actor: slackUser, correlationId: 'from-slack' }).correlationId).toBe('from-slack');
  });

  it('refuses an unknown cluster as invalid input, in one log line, before anything reaches PD', () => {
    const { flow, log } = flowOverTwoClusters();
    const ctx = flow.begin({ actor: { id: 'me', source: 'console' } });
    for (const text of ['transfer-leader 42 4 -c nope', 'transfer-leader -c nope', 'whoami -c nope']) {
      const step = flow.interpret(ctx, text);
      expect(step).toMatchObject({
        kind: 'invalid_input',
        outcome: { issues: [{ code: 'UNKNOWN_CLUSTER' }] },
      });
    }
    expect(log.find((l) => l.decision === 'invalid_input')).toHaveLength(3);
    expect(writes(prod)).toHaveLength(0);
    expect(writes(staging)).toHaveLength(0);
  });

  it('refuses a complete command with several clusters and no default, naming them', () => {
    const { flow } = flowOverTwoClusters();
    const step = flow.interpret(
      flow.begin({ actor: slackUser, channelId: 'C-OTHER' }),
      'transfer-leader 42 4',
    );
    expect(step).toMatchObject({
      kind: 'invalid_input',
      outcome: { issues: [{ code: 'NO_DEFAULT_CLUSTER' }] },
    });
  });

  it('leaves the cluster open for an incomplete command with no default, so a form can ask; a front end that cannot ask refuses with the cluster first', () => {
    const { flow } = flowOverTwoClusters();
    const ctx = flow.begin({ actor: { id: 'ops', source: 'exec' } });
    const step = flow.interpret(ctx, 'transfer-leader 42');
    expect(step).toMatchObject({ kind: 'incomplete', missing: ['to_store_id'] });
    if (step.kind !== 'incomplete') throw new Error('not incomplete');
    expect(step.target).toBeUndefined();
    expect(step.clusterIssue?.code).toBe('NO_DEFAULT_CLUSTER');
    const refused = flow.refuseIncomplete(ctx, step, []);
    expect(refused.outcome.issues.map((i) => i.code)).toEqual(['NO_DEFAULT_CLUSTER']);
  });

  it('answers help and whoami with the chosen cluster, logging the decision with its duration', () => {
    const { flow, log } = flowOverTwoClusters();
    const ctx = flow.begin({ actor: slackUser, channelId: 'C-STAGING' });
    expect(flow.interpret(ctx, 'help')).toMatchObject({ kind: 'help', target: { cluster: 'staging' } });
    expect(flow.interpret(ctx, 'whoami -c prod')).toMatchObject({
      kind: 'permissions',
      target: { cluster: 'prod' },
    });
    expect(log.find((l) => l.decision === 'help' || l.decision === 'permissions')).toMatchObject([
      { decision: 'help', correlationId: 'cid-1', durationMs: 5 },
      { decision: 'permissions', correlationId: 'cid-1', durationMs: 10 },
    ]);
  });

  it('checks a submitted form field by field before choosing the cluster, and sends nothing when a field is wrong', () => {
    const { flow, log } = flowOverTwoClusters();
    const ctx = flow.begin({ actor: slackUser, channelId: 'C-OTHER' });
    const action = built?.registry.get('transfer-leader');
    if (action === undefined) throw new Error('no transfer-leader');
    const wrong = flow.submit(ctx, { action, raw: { region_id: 'x', to_store_id: '4' }, dryRun: false });
    expect(wrong).toMatchObject({ kind: 'invalid_input', outcome: { issues: [{ field: 'region_id' }] } });
    const noCluster = flow.submit(ctx, { action, raw: { region_id: '42', to_store_id: '4' }, dryRun: false });
    expect(noCluster).toMatchObject({
      kind: 'invalid_input',
      outcome: { issues: [{ code: 'NO_DEFAULT_CLUSTER', field: 'cluster' }] },
    });
    const ready = flow.submit(ctx, {
      action,
      raw: { region_id: '42', to_store_id: '4' },
      cluster: 'prod',
      dryRun: true,
    });
    expect(ready).toMatchObject({
      kind: 'ready',
      request: { cluster: 'prod', params: { region_id: 42, to_store_id: 4 }, dryRun: true, actor: slackUser },
    });
    expect(log.find((l) => l.decision === 'invalid_input')).toHaveLength(2);
    expect(writes(prod)).toHaveLength(0);
  });
});
