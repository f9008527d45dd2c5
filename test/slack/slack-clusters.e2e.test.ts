import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadClustersFile } from '../../src/clusters/load-clusters-file.js';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';
import { CLUSTER_BLOCK_ID, PARAMS_MODAL_CALLBACK_ID } from '../../src/slack/params-modal.js';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { blockActionsPayload, postInteraction, viewSubmissionPayload } from '../support/fake-slack/index.js';
import { createTestPki, type TestPki } from '../support/test-pki.js';
import { flat, slash } from './slack-e2e-helpers.js';

const POLICY = `version: 1
description: clusters test policy
approvals:
  required_for_risk: [high]
  approvers:
    users: [U0LEAD]
rules:
  - name: oncall-everywhere
    users: [U0ONCALL]
    risk: [medium, high]
  - name: intern-on-staging
    users: [U0INTERN]
    clusters: [staging]
    risk: [medium]
`;

/**
 * Two simulators as two clusters, from a clusters file: `staging` over plain HTTP (the first, and
 * the default in C0STAGING) and `prod`, production, over HTTPS with mutual TLS (the default in C0PROD). A third,
 * `lab`, points at prod's PD with the wrong CA. C0INCIDENT is nobody's default.
 */
describe('several clusters through the real Bolt app', () => {
  let pki: TestPki;
  let staging: PdSim;
  let prod: PdSim;
  let dir: string;
  let h: Harness | undefined;
  let auditFile: string;

  beforeAll(async () => {
    pki = await createTestPki();
  });

  // Fresh simulators per test: an operator one test created would make the next one's PD say no.
  beforeEach(async () => {
    staging = await startPdSim({ timing: 'manual' });
    prod = await startPdSim({
      timing: 'manual',
      tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true },
    });
    dir = await mkdtemp(join(tmpdir(), 'tikv-clusters-'));
    await writeFile(join(dir, 'ca.pem'), pki.ca);
    await writeFile(join(dir, 'other-ca.pem'), pki.otherCa);
    await writeFile(join(dir, 'client.pem'), pki.client.cert);
    await writeFile(join(dir, 'client-key.pem'), pki.client.key);
    await writeFile(
      join(dir, 'clusters.yaml'),
      `version: 1
clusters:
  - name: staging
    production: false
    default_for_channels: [C0STAGING]
    pd:
      endpoints: [${staging.url}]
  - name: prod
    production: true
    default_for_channels: [C0PROD]
    pd:
      endpoints: [${prod.url}]
      tls: { ca: ca.pem, cert: client.pem, key: client-key.pem }
  - name: lab
    production: false
    pd:
      # The same PD under its other name (the file refuses one URL in two clusters).
      endpoints: [${prod.url.replace('127.0.0.1', 'localhost')}]
      tls: { ca: other-ca.pem, cert: client.pem, key: client-key.pem }
`,
    );
  });

  afterEach(async () => {
    await h?.close();
    h = undefined;
    await staging.close();
    await prod.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(policy = POLICY): Promise<Harness> {
    const loaded = loadClustersFile(join(dir, 'clusters.yaml'), {
      readFile: (path) => readFileSync(path),
      now: new Date(),
      defaultTimeouts: { connectTimeoutMs: 2000, responseTimeoutMs: 5000 },
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    auditFile = join(dir, `audit-${Date.now()}-${Math.random()}.jsonl`);
    h = await startHarness({ mode: 'http', policy, auditFile, clusters: loaded.clusters });
    // The start-up probe asked each cluster once; commands are counted from zero.
    staging.requests.length = 0;
    prod.requests.length = 0;
    return h;
  }

  const writes = (sim: PdSim) => sim.requests.filter((r) => r.method !== 'GET');
  const audit = async () =>
    (await readFile(auditFile, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord);

  it('probes every cluster at start, naming each and the TLS error of the one it cannot trust', async () => {
    const bot = await start();
    const probes = bot.logs.find((l) => l.decision === 'pd_probe');
    expect(probes.map((l) => [l.cluster, l.errorCode ?? 'answered']).sort()).toEqual([
      ['lab', 'PD_TLS_UNTRUSTED'],
      ['prod', 'answered'],
      ['staging', 'answered'],
    ]);
    const lab = probes.find((l) => l.cluster === 'lab');
    expect(String(lab?.msg)).toContain('cluster lab: PD did not answer at start');
    expect(bot.logs.find((l) => l.decision === 'started')).toEqual([
      expect.objectContaining({
        clusters: [
          expect.objectContaining({ name: 'staging', production: false, tls: false }),
          expect.objectContaining({ name: 'prod', production: true, tls: true }),
          expect.objectContaining({ name: 'lab', production: false, tls: true }),
        ],
      }),
    ]);
    // Configured as real clusters, answered by the simulator: said at start, and in every message.
    expect(
      bot.logs
        .find((l) => l.decision === 'cluster_simulator_mismatch')
        .map((l) => l.cluster)
        .sort(),
    ).toEqual(['prod', 'staging']);
  });

  it('runs a command on the cluster named with --cluster, over mutual TLS, marking production', async () => {
    const bot = await start();
    const { ack, result } = await slash(bot, 'transfer-leader 42 4 --cluster prod');
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(String((ack.json as { text: string }).text)).toContain('`prod` :rotating_light: *production*');
    const posted = flat((await result()).body);
    expect(posted).toContain('The operator is created.');
    expect(posted).toContain('*Cluster*\\n`prod` :rotating_light: *production*');
    expect(posted).toContain('cluster prod (PRODUCTION)');
    expect(writes(prod)).toHaveLength(1);
    expect(writes(staging)).toEqual([]);
    const records = await audit();
    expect(records.map((r) => [r.event, r.cluster, r.production, r.endpoint])).toEqual([
      ['requested', 'prod', true, prod.url],
      ['executed', 'prod', true, prod.url],
    ]);
    expect(bot.logs.find((l) => l.decision === 'executed')).toEqual([
      expect.objectContaining({ cluster: 'prod' }),
    ]);
  });

  it("runs a command without --cluster on the channel's default cluster", async () => {
    const bot = await start();
    const { result } = await slash(bot, 'transfer-leader 42 4', { channelId: 'C0STAGING' });
    const posted = flat((await result()).body);
    expect(posted).toContain('*Cluster*\\n`staging`\\nPD');
    expect(posted).not.toContain('production');
    expect(writes(staging)).toHaveLength(1);
    expect(writes(prod)).toEqual([]);
    expect((await audit()).map((r) => r.cluster)).toEqual(['staging', 'staging']);
  });

  it('refuses a command with no cluster named where no default is, listing the clusters; PD gets nothing', async () => {
    const bot = await start();
    const { ack } = await slash(bot, 'transfer-leader 42 4', { channelId: 'C0INCIDENT' });
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    const text = flat(ack.json);
    expect(text).toContain('several clusters (staging, prod, lab)');
    expect(text).toContain('--cluster NAME');
    const unknown = await slash(bot, 'transfer-leader 42 4 -c nowhere', { channelId: 'C0PROD' });
    expect(flat(unknown.ack.json)).toContain('unknown cluster \\"nowhere\\"; use one of staging, prod, lab');
    expect(staging.requests).toEqual([]);
    expect(prod.requests).toEqual([]);
    expect(bot.logs.find((l) => l.decision === 'invalid_input').map((l) => l.issues)).toEqual([
      [expect.objectContaining({ code: 'NO_DEFAULT_CLUSTER' })],
      [expect.objectContaining({ code: 'UNKNOWN_CLUSTER' })],
    ]);
  });

  it('refuses an unknown --cluster in the ack itself, for a command missing arguments and for whoami: no form, nothing to PD', async () => {
    const bot = await start();
    const incomplete = await slash(bot, 'transfer-leader 42 -c nowhere', { channelId: 'C0STAGING' });
    expect(incomplete.ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(incomplete.ack.json)).toContain(
      'unknown cluster \\"nowhere\\"; use one of staging, prod, lab',
    );
    const whoami = await slash(bot, 'whoami -c nowhere', { channelId: 'C0STAGING' });
    expect(whoami.ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(whoami.ack.json)).toContain('unknown cluster \\"nowhere\\"');
    expect(bot.slack.callsTo('views.open')).toEqual([]);
    expect(bot.logs.find((l) => l.decision === 'internal_error')).toEqual([]);
    expect([...prod.requests, ...staging.requests].filter((r) => r.method !== 'GET')).toEqual([]);
  });

  // prod is neither the first cluster nor the default where it is asked and clicked.
  it('runs an approval on the cluster it was requested for, even when clicked elsewhere', async () => {
    const bot = await start();
    const { result } = await slash(bot, 'drain-store 3 -c prod', { channelId: 'C0STAGING' });
    const request = (await result()).body as {
      text: string;
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    expect(request.text).toContain('on cluster prod (PRODUCTION)');
    const approvalId = request.blocks
      .find((b) => b.type === 'actions')
      ?.elements?.find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (approvalId === undefined) throw new Error(`no approval buttons in ${flat(request)}`);
    expect(writes(prod)).toEqual([]);
    const responseUrl = bot.slack.newResponseUrl();
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId: 'U0LEAD',
        channelId: 'C0STAGING',
        messageTs: '1795888800.000100',
        responseUrl,
        blockId: 'tikv:approval',
      }),
    );
    const decided = flat((await bot.slack.waitForResponse((r) => r.url === responseUrl)).body);
    expect(decided).toContain('`prod` :rotating_light: *production*');
    expect(writes(prod).map((r) => r.path)).toEqual(['/pd/api/v1/schedulers']);
    expect(writes(staging)).toEqual([]);
    expect(bot.logs.find((l) => l.decision === 'approved')).toEqual([
      expect.objectContaining({ cluster: 'prod', approvalId }),
    ]);
    expect(bot.logs.find((l) => l.decision === 'approval_requested')).toEqual([
      expect.objectContaining({ cluster: 'prod', approvalId }),
    ]);
    expect((await audit()).map((r) => [r.event, r.cluster])).toEqual([
      ['requested', 'prod'],
      ['approval_requested', 'prod'],
      ['approved', 'prod'],
      ['executed', 'prod'],
    ]);
  });

  it('applies a rule scoped to staging on staging only, and says so in the denial and in can', async () => {
    const bot = await start();
    const denied = await slash(bot, 'transfer-leader 42 4 -c prod', { userId: 'U0INTERN' });
    const text = flat((await denied.result()).body);
    expect(text).toContain('may not run transfer-leader (medium risk) in <#C0INCIDENT> on cluster prod');
    expect(text).toContain('rule \\"intern-on-staging\\" grants medium risk actions');
    expect(text).toContain('on cluster staging');
    expect(prod.requests).toEqual([]);
    const allowed = await slash(bot, 'transfer-leader 42 4 -c staging', { userId: 'U0INTERN' });
    expect(flat((await allowed.result()).body)).toContain('The operator is created.');
    expect(writes(staging)).toHaveLength(1);
    const can = await slash(bot, 'can transfer-leader -c prod', { userId: 'U0INTERN' });
    const canText = flat((await can.result()).body);
    expect(canText).toContain('on cluster `prod` :rotating_light: *production*');
    expect(canText).toContain(':no_entry:');
    const canStaging = await slash(bot, 'can transfer-leader -c staging', { userId: 'U0INTERN' });
    expect(flat((await canStaging.result()).body)).toContain('granted by rule');
  });

  it("names the clusters in help, and the channel's own first", async () => {
    const bot = await start();
    const nowhere = flat((await slash(bot, 'help', { channelId: 'C0INCIDENT' })).ack.json);
    expect(nowhere).toContain(
      'through PD (clusters `staging`, `prod` :rotating_light: *production*, `lab`, chosen with `--cluster NAME`)',
    );
    const inProd = flat((await slash(bot, 'help', { channelId: 'C0PROD' })).ack.json);
    expect(inProd).toContain('through PD (here `prod` :rotating_light: *production*; clusters');
    expect([...prod.requests, ...staging.requests]).toEqual([]);
  });

  it('says in the channel that PD could not be trusted on a cluster with the wrong CA', async () => {
    const bot = await start();
    const { result } = await slash(bot, 'transfer-leader 42 4 -c lab');
    const posted = flat((await result()).body);
    expect(posted).toContain('*Cluster*\\n`lab`');
    expect(posted).toContain('(`PD_TLS_UNTRUSTED`)');
    expect(posted).toContain("PD's certificate is not signed by the configured CA");
    expect(posted).toContain('(cluster lab, PD https://localhost:');
    expect(writes(prod)).toEqual([]);
    expect((await audit()).map((r) => [r.event, r.cluster, r.pd?.errorCode])).toEqual([
      ['requested', 'lab', undefined],
      ['failed', 'lab', 'PD_TLS_UNTRUSTED'],
    ]);
  });

  async function openForm(bot: Harness, text: string, channelId: string) {
    const command = await slash(bot, text, { channelId });
    expect(command.ack.body).toBe('');
    const open = await bot.slack.waitForCall('views.open');
    return {
      command,
      view: open.args.view as { private_metadata: string; blocks: Record<string, unknown>[] },
    };
  }

  function submit(bot: Harness, privateMetadata: string, values: Record<string, Record<string, unknown>>) {
    return postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata,
        values: values as never,
        userId: 'U0ONCALL',
      }),
    );
  }

  it("asks for the cluster in the form, prefilled with the channel's default, and runs on the one chosen", async () => {
    const bot = await start();
    const { command, view } = await openForm(bot, 'transfer-leader 42', 'C0STAGING');
    const choice = view.blocks.find((b) => b.block_id === CLUSTER_BLOCK_ID) as {
      element: {
        type: string;
        options: { value: string; text: { text: string } }[];
        initial_option?: { value: string };
      };
    };
    expect(choice.element.type).toBe('static_select');
    expect(choice.element.options.map((o) => [o.value, o.text.text])).toEqual([
      ['staging', 'staging'],
      ['prod', 'prod 🚨 production'],
      ['lab', 'lab'],
    ]);
    expect(choice.element.initial_option?.value).toBe('staging');
    const ack = await submit(bot, view.private_metadata, {
      [CLUSTER_BLOCK_ID]: { value: { type: 'static_select', selected_option: { value: 'prod' } } },
      'param:region_id': { value: { type: 'number_input', value: '42' } },
      'param:to_store_id': { value: { type: 'number_input', value: '4' } },
    });
    expect(ack.status).toBe(200);
    const posted = flat((await command.result()).body);
    expect(posted).toContain('`prod` :rotating_light: *production*');
    expect(writes(prod)).toHaveLength(1);
    expect(writes(staging)).toEqual([]);
  });

  it('refuses a form sent without a cluster where no default is, inline, listing the clusters', async () => {
    const bot = await start();
    const { view } = await openForm(bot, 'transfer-leader 42', 'C0INCIDENT');
    const choice = view.blocks.find((b) => b.block_id === CLUSTER_BLOCK_ID) as {
      element: Record<string, unknown>;
    };
    expect(choice.element.initial_option).toBeUndefined();
    const ack = await submit(bot, view.private_metadata, {
      'param:region_id': { value: { type: 'number_input', value: '42' } },
      'param:to_store_id': { value: { type: 'number_input', value: '4' } },
    });
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: {
        [CLUSTER_BLOCK_ID]:
          'this bot acts on several clusters (staging, prod, lab) and this channel has no default; say which with --cluster NAME: nothing was sent',
      },
    });
    expect([...prod.requests, ...staging.requests]).toEqual([]);
  });

  it('starts when a client certificate is missing or expired, and the probe says which cluster and why', async () => {
    // Two names of one mutual-TLS PD: one cluster without a client certificate, one with an expired one.
    const strict = await startPdSim({
      timing: 'manual',
      tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true },
    });
    try {
      await writeFile(join(dir, 'expired.pem'), pki.expiredClient.cert);
      await writeFile(join(dir, 'expired-key.pem'), pki.expiredClient.key);
      await writeFile(
        join(dir, 'clusters.yaml'),
        `version: 1
clusters:
  - name: nocert
    production: false
    pd:
      endpoints: [${strict.url}]
      tls: { ca: ca.pem }
  - name: stale
    production: true
    pd:
      endpoints: [${strict.url.replace('127.0.0.1', 'localhost')}]
      tls: { ca: ca.pem, cert: expired.pem, key: expired-key.pem }
`,
      );
      const bot = await start(POLICY.split('  - name: intern-on-staging')[0]);
      const probes = bot.logs.find((l) => l.decision === 'pd_probe');
      const nocert = probes.find((l) => l.cluster === 'nocert');
      expect(nocert).toMatchObject({ errorCode: 'PD_TLS_CLIENT_CERT_REJECTED' });
      expect(String(nocert?.msg)).toContain(
        "cluster nocert: PD did not answer at start (PD rejected the bot's client certificate: PD requires a client certificate and none is configured",
      );
      // Node's TLS server (the simulator) just closes the connection; the probe names the likely cause.
      const stale = probes.find((l) => l.cluster === 'stale');
      expect(stale?.tlsProblems).toEqual([
        expect.stringMatching(/^cert .*expired\.pem: the certificate ".*" expired on /),
      ]);
      expect(String(stale?.msg)).toMatch(
        /^cluster stale: PD did not answer at start \(.*\); likely because cert /,
      );
      expect(bot.logs.find((l) => l.decision === 'started')).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });
});
