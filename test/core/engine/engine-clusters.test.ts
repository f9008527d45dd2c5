import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderOutcomeText } from '../../../src/console/render-outcome-text.js';
import { renderOutcomeMessage } from '../../../src/slack/render-outcome-message.js';
import { buildTikvEngine, type TikvEngine } from '../../../src/subjects/tikv/build-tikv-engine.js';
import { LogCapture } from '../../support/log-capture.js';
import { requestFor } from '../../support/outcome-fixtures.js';
import { testSafety } from '../../support/test-safety.js';

const clock = { now: () => new Date('2026-11-28T18:00:05Z'), monotonic: () => performance.now() };

let prod: PdSim;
let staging: PdSim;
let down: string;
let built: TikvEngine | undefined;

beforeEach(async () => {
  [prod, staging] = await Promise.all([startPdSim({ timing: 'manual' }), startPdSim({ timing: 'manual' })]);
  const stopped = await startPdSim({ timing: 'manual' });
  down = stopped.url;
  await stopped.close();
});
afterEach(async () => {
  await built?.close();
  built = undefined;
  await Promise.all([prod.close(), staging.close()]);
});

function twoClusters(log = new LogCapture()) {
  const { safety, records } = testSafety();
  built = buildTikvEngine({
    clusters: [
      {
        name: 'prod',
        production: true,
        endpoints: [down, prod.url],
        connectTimeoutMs: 2000,
        responseTimeoutMs: 5000,
      },
      {
        name: 'staging',
        production: false,
        endpoints: [staging.url],
        connectTimeoutMs: 2000,
        responseTimeoutMs: 5000,
      },
    ],
    logger: pino(log),
    clock,
    safety,
  });
  return { engine: built.engine, records, log };
}

const writes = (sim: PdSim) => sim.requests.filter((r) => r.method !== 'GET');
const transferLeader = (cluster: string) => ({
  ...requestFor('transfer_leader', { region_id: 42, to_store_id: 4 }),
  cluster,
});

describe('Engine with several clusters', () => {
  it("sends a request to its cluster's PD only", async () => {
    const { engine } = twoClusters();
    const outcome = await engine.execute(transferLeader('staging'));
    expect(outcome).toMatchObject({
      kind: 'ok',
      target: { cluster: 'staging', production: false, endpoint: staging.url },
    });
    expect(writes(staging)).toHaveLength(1);
    expect(writes(prod)).toEqual([]);
  });

  it('refuses a request for a cluster it does not have, listing its clusters, and sends nothing', async () => {
    const { engine, records } = twoClusters();
    const outcome = await engine.execute(transferLeader('nowhere'));
    expect(outcome).toMatchObject({
      kind: 'invalid_input',
      issues: [
        {
          code: 'UNKNOWN_CLUSTER',
          message: 'unknown cluster "nowhere"; use one of prod, staging (--cluster NAME): nothing was sent',
        },
      ],
    });
    expect([...prod.requests, ...staging.requests]).toEqual([]);
    expect(records).toEqual([]);
  });

  it('names the endpoint that answered and every one tried, in the audit, in Slack and in the console', async () => {
    const { engine, records, log } = twoClusters();
    const outcome = await engine.execute(transferLeader('prod'));
    expect(outcome).toMatchObject({
      kind: 'ok',
      target: {
        cluster: 'prod',
        production: true,
        endpoint: prod.url,
        attempts: [
          { endpoint: down, outcome: 'PD_CONNECTION_REFUSED' },
          { endpoint: prod.url, outcome: 'answered', status: 200 },
        ],
      },
    });
    // Before PD answered the record names every endpoint; after, the one that answered.
    expect(records.map((r) => [r.event, r.cluster, r.production, r.endpoint])).toEqual([
      ['requested', 'prod', true, `${down},${prod.url}`],
      ['executed', 'prod', true, prod.url],
    ]);
    expect(log.find((l) => l.decision === 'executed')).toEqual([
      expect.objectContaining({ cluster: 'prod' }),
    ]);
    const tried = `${down} refused → ${prod.url} answered HTTP 200`;
    expect(JSON.stringify(renderOutcomeMessage(outcome))).toContain(`PD endpoints tried: ${tried}`);
    const text = renderOutcomeText(outcome);
    expect(text).toContain('  Cluster          prod [production]');
    expect(text).toContain(`  PD tried         ${tried}`);
  });

  it('says nothing about attempts when the first endpoint answered', async () => {
    const { engine } = twoClusters();
    const outcome = await engine.execute(transferLeader('staging'));
    expect(outcome.kind === 'ok' && outcome.target.attempts).toBeUndefined();
    expect(JSON.stringify(renderOutcomeMessage(outcome))).not.toContain('PD endpoints tried');
  });
});
