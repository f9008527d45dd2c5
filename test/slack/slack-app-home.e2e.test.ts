import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PdSim, type PdSimOptions, startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../src/clusters/cluster-config.js';
import type { FollowUp } from '../../src/core/follow-ups/follow-up-store.js';
import { HOME_CHANNEL_BLOCK_ID, HOME_RUN_CALLBACK_ID } from '../../src/slack/home-run-modal.js';
import { type Harness, type HarnessOptions, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import {
  appHomeOpenedEvent,
  eventCallbackBody,
  type FakeSlackCall,
  homeBlockActionsPayload,
  postEvent,
  postInteraction,
  RESPONSE_URL_FAULT,
  viewSubmissionPayload,
} from '../support/fake-slack/index.js';
import { expectGolden } from '../support/golden.js';
import { flat, slash } from './slack-e2e-helpers.js';

const POLICY = `version: 1
description: App Home test policy
approvals:
  required_for_risk: [high]
  approvers:
    users: [U0LEAD, U0ONCALL]
rules:
  - name: oncall
    users: [U0ONCALL, U0LEAD]
    risk: [low, medium, high]
`;

/** A PD that refuses connections at once: the cluster that is down. */
const DOWN_PD = 'http://127.0.0.1:1';

type View = {
  blocks: {
    type: string;
    text?: { text: string };
    accessory?: { action_id: string; value: string };
    elements?: { action_id?: string; value?: string; options?: { value: string }[] }[];
    block_id?: string;
  }[];
  private_metadata?: string;
};

function clusterConfig(name: string, endpoint: string): ClusterConfig {
  return {
    name,
    production: name === 'east',
    defaultForChannels: [],
    pd: { endpoints: [endpoint], connectTimeoutMs: 1000, responseTimeoutMs: 5000 },
  };
}

describe('App Home through the real Bolt app', () => {
  let h: Harness | undefined;
  let east: PdSim | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.close();
    await east?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    h = east = dir = undefined;
  });

  async function start(
    mode: 'http' | 'socket' = 'http',
    sim: PdSimOptions = {},
    policy = POLICY,
    followUps?: HarnessOptions['followUps'],
    homeWaitMs?: number,
  ) {
    east = await startPdSim({ timing: 'manual', ...sim });
    dir = await mkdtemp(join(tmpdir(), 'home-'));
    const auditFile = join(dir, 'audit.jsonl');
    h = await startHarness({
      mode,
      policy,
      auditFile,
      clusters: [clusterConfig('east', east.url), clusterConfig('west', DOWN_PD)],
      ...(followUps !== undefined && { followUps }),
      // Long unless a test is about a slow PD: a loaded machine must not turn a read into "not yet".
      homeWaitMs: homeWaitMs ?? 30_000,
    });
    east.requests.length = 0;
    const audit = async () =>
      (await readFile(auditFile, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { h, east, audit };
  }

  /** Opens Home for `userId` and resolves with the views.publish call that answered this open. */
  async function openHome(bot: Harness, userId: string, opts: { mode?: 'http' | 'socket' } = {}) {
    const before = bot.slack.callsTo('views.publish').filter((c) => c.args.user_id === userId).length;
    const body = eventCallbackBody(appHomeOpenedEvent({ userId }));
    if (opts.mode === 'socket') {
      await bot.slack.sendEnvelope('events_api', body).ack;
    } else {
      const res = await postEvent(bot.botUrl, SIGNING_SECRET, body);
      expect(res.status).toBe(200);
    }
    let seen = 0;
    return bot.slack.waitForCall('views.publish', (c) => c.args.user_id === userId && ++seen > before);
  }

  function normalised(call: FakeSlackCall, sim: PdSim): unknown {
    const text = JSON.stringify(call.args.view)
      .replaceAll(sim.url, 'http://PD-EAST')
      .replace(/<!date\^\d+\^[^|]*\|[^>]*>/g, '<!date>');
    return JSON.parse(text);
  }

  it('publishes Home with each cluster, one of them down, shown as that cluster’s problem: golden', async () => {
    const { h: bot, east: sim, audit } = await start();
    const call = await openHome(bot, 'U0LEAD');
    expect(call.response?.ok).toBe(true);
    const view = call.args.view as View;
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expectGolden('slack/app-home-e2e', normalised(call, sim));
    const text = flat(view);
    expect(text).toContain('*PD did not answer* (`PD_CONNECTION_REFUSED`)');
    expect(text).toMatch(/\*7 stores\*: 5 Up, 1 Offline, 1 Down/);
    // Opening Home is one log line, its PD reads one each, and no audit record.
    const published = await bot.logs.waitFor((l) => l.decision === 'home_published');
    expect(published).toMatchObject({ user: 'U0LEAD', approvals: 0 });
    expect(bot.logs.find((l) => l.decision === 'home_read').length).toBe(4);
    expect(await audit()).toEqual([]);
  });

  it('draws Home without a cluster whose PD hangs, saying it is still asking, instead of waiting for its timeout', async () => {
    const { h: bot, east: sim } = await start('http', {}, POLICY, undefined, 200);
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'hang' });
    const call = await openHome(bot, 'U0LEAD');
    expect(call.response?.ok).toBe(true);
    const text = flat(call.args.view);
    expect(text).toContain('*PD has not answered yet*; the bot is still asking');
    expect(text).toContain('*PD did not answer* (`PD_CONNECTION_REFUSED`)');
    expect(text).toContain('*Approvals waiting for you*: none');
  });

  it('costs one PD read per cluster when 20 people open Home at once', async () => {
    const { h: bot, east: sim } = await start();
    // Slow enough that every open arrives while the first read is still in flight.
    sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'delay', ms: 300 });
    const users = Array.from({ length: 20 }, (_, i) => `U0VIEW${String(i).padStart(2, '0')}`);
    const calls = await Promise.all(users.map((u) => openHome(bot, u)));
    expect(calls.every((c) => c.response?.ok === true)).toBe(true);
    const reads = sim.requests.map((r) => `${r.method} ${r.path}`);
    expect(reads.sort()).toEqual([
      'GET /pd/api/v1/scheduler-config/evict-leader-scheduler/list',
      'GET /pd/api/v1/stores',
    ]);
    // The down cluster too: one failed read shared, not twenty connection attempts.
    expect(bot.logs.find((l) => l.decision === 'home_read' && l.cluster === 'west').length).toBe(2);
  });

  it('lists a pending approval only for someone who could decide it', async () => {
    const { h: bot } = await start();
    const asked = await slash(bot, 'drain-store 4 --cluster east', { userId: 'U0ONCALL' });
    expect(flat((await asked.result()).body)).toContain('Approve');
    const lead = flat((await openHome(bot, 'U0LEAD')).args.view);
    expect(lead).toContain('*Approvals waiting for you* (1)');
    expect(lead).toContain('`drain-store store_id=4` on `east` asked by <@U0ONCALL> in <#C0INCIDENT>');
    // The requester cannot approve their own request; a passer-by is no approver.
    expect(flat((await openHome(bot, 'U0ONCALL')).args.view)).toContain('*Approvals waiting for you*: none');
    expect(flat((await openHome(bot, 'U0PASSERBY')).args.view)).toContain(
      '*Approvals waiting for you*: none',
    );
  });

  it('approves from Home through the approval service: PD runs it once, the request message says so, Home drops it', async () => {
    const { h: bot, east: sim, audit } = await start();
    const asked = await slash(bot, 'drain-store 4 --cluster east', { userId: 'U0ONCALL' });
    await asked.result();
    const view = (await openHome(bot, 'U0LEAD')).args.view as View;
    const approve = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'home:approve');
    expect(approve?.value).toBeDefined();
    const approvalId = approve?.value ?? '';

    // The requester's forged click on their own request: refused in their DM, PD hears nothing.
    const own = await openHome(bot, 'U0ONCALL');
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      homeBlockActionsPayload({
        userId: 'U0ONCALL',
        view: own.args.view as Record<string, unknown>,
        actionId: 'home:approve',
        value: approvalId,
      }),
    );
    const refused = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0ONCALL');
    expect(flat(refused.args)).toContain('Not done');
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    const click = () =>
      postInteraction(
        bot.botUrl,
        SIGNING_SECRET,
        homeBlockActionsPayload({ userId: 'U0LEAD', view, actionId: 'home:approve', value: approvalId }),
      );
    await Promise.all([click(), click()]);
    // The request message is replaced through the command's response_url, buttons gone.
    const replaced = await bot.slack.waitForResponse(
      (r) =>
        r.url === asked.responseUrl && (r.body as { replace_original?: boolean }).replace_original === true,
    );
    expect(flat(replaced.body)).toContain('Approved by <@U0LEAD>');
    const told = await bot.slack.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'D0LEAD' && String(c.args.text).startsWith('Approved'),
    );
    expect(told.response?.ok).toBe(true);
    // Home is drawn again for the approver without the request.
    await bot.slack.waitForCall(
      'views.publish',
      (c) => c.args.user_id === 'U0LEAD' && flat(c.args.view).includes('*Approvals waiting for you*: none'),
    );
    await bot.bot.work.whenIdle();
    expect(sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /pd/api/v1/schedulers',
    ]);
    // The refused self-approval is on record too, as a click on the request message would be.
    expect((await audit()).map((r) => [r.event, r.userId])).toEqual([
      ['requested', 'U0ONCALL'],
      ['approval_requested', 'U0ONCALL'],
      ['denied', 'U0ONCALL'],
      ['approved', 'U0LEAD'],
      ['executed', 'U0LEAD'],
    ]);
  });

  it('shows a drain in progress with Undrain, whose form runs undrain-store in the chosen channel through the policy', async () => {
    const { h: bot, east: sim, audit } = await start();
    const drained = await fetch(`${sim.url}/pd/api/v1/schedulers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'evict-leader-scheduler', store_id: 4 }),
    });
    expect(drained.status).toBe(200);
    sim.requests.length = 0;
    const published = await openHome(bot, 'U0ONCALL');
    const view = published.args.view as View;
    expect(flat(view)).toMatch(/store 4 \(Up\): [\d,]+ leaders left/);
    const undrain = view.blocks
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'home:undrain:4');
    expect(undrain).toBeDefined();

    // The click opens the form (nothing runs yet); the form names the store and asks for a channel.
    const clicked = await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      homeBlockActionsPayload({
        userId: 'U0ONCALL',
        view,
        actionId: 'home:undrain:4',
        value: undrain?.value ?? '',
      }),
    );
    expect(clicked.status).toBe(200);
    const opened = await bot.slack.waitForCall('views.open');
    expect(opened.response?.ok).toBe(true);
    const modal = opened.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[];
    };
    expect(modal.callback_id).toBe(HOME_RUN_CALLBACK_ID);
    expect(modal.blocks.find((b) => b.block_id === 'param:store_id')?.element?.initial_option?.value).toBe(
      '4',
    );
    expect(modal.blocks.some((b) => b.block_id === HOME_CHANNEL_BLOCK_ID)).toBe(true);
    expect(bot.pdWrites()).toEqual([]);
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    await bot.logs.waitFor(
      (l) => l.decision === 'home_form_opened' && l.action === 'undrain_store' && l.cluster === 'east',
    );

    const submit = async (userId: string) => {
      const responseUrl = bot.slack.newResponseUrl();
      const res = await postInteraction(
        bot.botUrl,
        SIGNING_SECRET,
        viewSubmissionPayload({
          callbackId: HOME_RUN_CALLBACK_ID,
          privateMetadata: modal.private_metadata,
          userId,
          values: {
            'param:store_id': { value: '4' },
            [HOME_CHANNEL_BLOCK_ID]: {
              value: { type: 'conversations_select', selected_conversation: 'C0INCIDENT' },
            },
          },
          responseUrls: [
            {
              block_id: HOME_CHANNEL_BLOCK_ID,
              action_id: 'value',
              channel_id: 'C0INCIDENT',
              response_url: responseUrl,
            },
          ],
        }),
      );
      expect(res.status).toBe(200);
      return (await bot.slack.waitForResponse((r) => r.url === responseUrl)).body as Record<string, unknown>;
    };

    // Someone the policy does not grant it: denied privately, PD hears nothing.
    const denied = await submit('U0PASSERBY');
    expect(denied.response_type).toBe('ephemeral');
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    const done = await submit('U0ONCALL');
    expect(done.response_type).toBe('in_channel');
    await bot.logs.waitFor((l) => l.decision === 'home_form_submitted' && l.user === 'U0ONCALL');
    expect(sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /pd/api/v1/scheduler-config/evict-leader-scheduler/delete/4',
    ]);
    const records = (await audit()).map((r) => [r.event, r.userId, r.channelId, r.action]);
    expect(records).toEqual([
      ['denied', 'U0PASSERBY', 'C0INCIDENT', 'undrain_store'],
      ['requested', 'U0ONCALL', 'C0INCIDENT', 'undrain_store'],
      ['executed', 'U0ONCALL', 'C0INCIDENT', 'undrain_store'],
    ]);
  });

  /** Opens Home, clicks Undrain 4, and returns a submit of the form it opened (to C0INCIDENT). */
  async function undrainFormFromHome(bot: Harness, sim: PdSim) {
    const drained = await fetch(`${sim.url}/pd/api/v1/schedulers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'evict-leader-scheduler', store_id: 4 }),
    });
    expect(drained.status).toBe(200);
    const view = (await openHome(bot, 'U0ONCALL')).args.view as View;
    const undrain = view.blocks
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'home:undrain:4');
    expect(undrain).toBeDefined();
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      homeBlockActionsPayload({
        userId: 'U0ONCALL',
        view,
        actionId: 'home:undrain:4',
        value: undrain?.value ?? '',
      }),
    );
    const modal = (await bot.slack.waitForCall('views.open')).args.view as { private_metadata: string };
    const responseUrl = bot.slack.newResponseUrl();
    const submit = () =>
      postInteraction(
        bot.botUrl,
        SIGNING_SECRET,
        viewSubmissionPayload({
          callbackId: HOME_RUN_CALLBACK_ID,
          privateMetadata: modal.private_metadata,
          userId: 'U0ONCALL',
          values: {
            'param:store_id': { value: '4' },
            [HOME_CHANNEL_BLOCK_ID]: {
              value: { type: 'conversations_select', selected_conversation: 'C0INCIDENT' },
            },
          },
          responseUrls: [
            {
              block_id: HOME_CHANNEL_BLOCK_ID,
              action_id: 'value',
              channel_id: 'C0INCIDENT',
              response_url: responseUrl,
            },
          ],
        }),
      );
    return { submit, responseUrl };
  }

  it('draws the clicker’s Home again once a change from its form has run and its result is posted: the drain is gone', async () => {
    const { h: bot, east: sim } = await start();
    const { submit, responseUrl } = await undrainFormFromHome(bot, sim);
    const publishes = () => bot.slack.callsTo('views.publish').filter((c) => c.args.user_id === 'U0ONCALL');
    const before = publishes().length;
    // The result's post is held: while it is, Home has not been drawn again (it comes after the result).
    const held = bot.slack.holdAnswers(RESPONSE_URL_FAULT);
    try {
      expect((await submit()).status).toBe(200);
      const result = await bot.slack.waitForResponse((r) => r.url === responseUrl);
      expect(result.body.response_type).toBe('in_channel');
      expect(publishes()).toHaveLength(before);
    } finally {
      held.release();
    }
    let seen = 0;
    const redrawn = await bot.slack.waitForCall(
      'views.publish',
      (c) => c.args.user_id === 'U0ONCALL' && ++seen > before,
    );
    // The cached overview (drain of store 4) was dropped because PD accepted the undrain.
    const view = redrawn.args.view as View;
    expect(view.blocks.flatMap((b) => b.elements ?? []).map((e) => e.action_id)).not.toContain(
      'home:undrain:4',
    );
    expect(flat(view)).not.toMatch(/store 4 \(Up\): [\d,]+ leaders left/);
    // The DM from Home's metadata stays in the redrawn Home, for its approval buttons.
    await bot.logs.waitFor(
      (l) =>
        l.decision === 'home_redrawn' && l.outcome === 'ok' && l.cluster === 'east' && l.forgotCache === true,
    );
  });

  it('keeps the result when Home cannot be drawn again: a log line, nothing else', async () => {
    const { h: bot, east: sim } = await start();
    const { submit, responseUrl } = await undrainFormFromHome(bot, sim);
    bot.slack.failNext('views.publish', { error: 'not_authed' });
    expect((await submit()).status).toBe(200);
    const result = await bot.slack.waitForResponse((r) => r.url === responseUrl);
    expect(result.body.response_type).toBe('in_channel');
    expect(flat(result.body)).toContain('HTTP 200');
    await bot.logs.waitFor((l) => l.decision === 'home_redraw_failed');
    expect(bot.logs.lines.some((l) => l.decision === 'internal_error')).toBe(false);
    expect(bot.slack.responses.filter((r) => r.url === responseUrl)).toHaveLength(1);
  });

  it('answers the Stores button in the app DM, through the command flow and its audit', async () => {
    const { h: bot, audit } = await start();
    const view = (await openHome(bot, 'U0LEAD')).args.view as View;
    const stores = view.blocks.find((b) => b.accessory?.action_id === 'home:stores');
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      homeBlockActionsPayload({
        userId: 'U0LEAD',
        view: { ...view, id: 'VHOME' },
        actionId: 'home:stores',
        value: stores?.accessory?.value ?? '',
      }),
    );
    const posted = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0LEAD');
    expect(posted.response?.ok).toBe(true);
    expect(flat(posted.args)).toContain('7 stores');
    const records = (await audit()).map((r) => [r.event, r.userId, r.channelId, r.action]);
    expect(records).toEqual([
      ['requested', 'U0LEAD', 'D0LEAD', 'stores'],
      ['executed', 'U0LEAD', 'D0LEAD', 'stores'],
    ]);
  });

  it('fits a 10,000-store cluster in Home’s limits (the fake refuses more than 100 blocks)', async () => {
    const { h: bot } = await start('http', { stores: 10_000 });
    const call = await openHome(bot, 'U0LEAD');
    expect(call.response).toMatchObject({ ok: true });
    expect(flat(call.args.view)).toMatch(/\*10,00\d stores\*/);
  });

  it('hides a cluster from a viewer the policy does not let read it (read_only_actions: granted)', async () => {
    const granted = `version: 1
read_only_actions: granted
rules:
  - name: oncall-reads-east
    users: [U0ONCALL]
    clusters: [east]
    actions: [stores]
`;
    const { h: bot, east: sim } = await start('http', {}, granted);
    const passerby = flat((await openHome(bot, 'U0PASSERBY')).args.view);
    expect(passerby.match(/The policy does not let you view this cluster/g)).toHaveLength(2);
    expect(passerby).not.toContain('stores*');
    expect(sim.requests).toEqual([]);
    const oncall = flat((await openHome(bot, 'U0ONCALL')).args.view);
    expect(oncall).toMatch(/\*7 stores\*/);
    expect(oncall.match(/The policy does not let you view this cluster/g)).toHaveLength(1);
  });

  it('lists the operators the bot started, with Cancel on a running one that opens cancel-operator for its region', async () => {
    const at = new Date();
    const base = {
      kind: 'operator' as const,
      cluster: 'east',
      actionName: 'transfer_leader',
      requesterId: 'U0ONCALL',
      startedAt: new Date(at.getTime() - 60_000),
      deadline: new Date(at.getTime() + 600_000),
      updatedAt: at,
    };
    const running: FollowUp = {
      ...base,
      id: 'f1',
      subjectId: '42',
      params: { region_id: 42, to_store_id: 4 },
      correlationId: 'corr-f1',
      state: 'following',
      status: 'RUNNING',
    };
    const done: FollowUp = {
      ...base,
      id: 'f0',
      subjectId: '7',
      params: { region_id: 7, to_store_id: 1 },
      correlationId: 'corr-f0',
      state: 'succeeded',
      status: 'SUCCESS',
      finishedAt: at,
    };
    // A store built in the test: Home reads the port (listActive, listRecent) and nothing else.
    const store = { listActive: async () => [running], listRecent: async () => [running, done] };
    const { h: bot, east: sim } = await start('http', {}, POLICY, store);
    const view = (await openHome(bot, 'U0ONCALL')).args.view as View;
    const text = flat(view);
    expect(text).toContain(
      'transfer-leader region_id=42 to_store_id=4 · :hourglass_flowing_sand: following (`RUNNING`)',
    );
    expect(text).toContain(
      'transfer-leader region_id=7 to_store_id=1 · :white_check_mark: succeeded (`SUCCESS`)',
    );
    const buttons = view.blocks
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.action_id?.startsWith('home:cancel:'));
    expect(buttons.map((b) => b.action_id)).toEqual(['home:cancel:42']);
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      homeBlockActionsPayload({
        userId: 'U0ONCALL',
        view,
        actionId: 'home:cancel:42',
        value: buttons[0]?.value ?? '',
      }),
    );
    const opened = await bot.slack.waitForCall('views.open');
    const modal = opened.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: { initial_value?: string } }[];
    };
    expect(modal.callback_id).toBe(HOME_RUN_CALLBACK_ID);
    expect(modal.blocks.find((b) => b.block_id === 'param:region_id')?.element?.initial_value).toBe('42');
    const responseUrl = bot.slack.newResponseUrl();
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: HOME_RUN_CALLBACK_ID,
        privateMetadata: modal.private_metadata,
        userId: 'U0ONCALL',
        values: {
          'param:region_id': { value: '42' },
          [HOME_CHANNEL_BLOCK_ID]: {
            value: { type: 'conversations_select', selected_conversation: 'C0INCIDENT' },
          },
        },
        responseUrls: [
          {
            block_id: HOME_CHANNEL_BLOCK_ID,
            action_id: 'value',
            channel_id: 'C0INCIDENT',
            response_url: responseUrl,
          },
        ],
      }),
    );
    const posted = await bot.slack.waitForResponse((r) => r.url === responseUrl);
    expect((posted.body as { response_type?: string }).response_type).toBe('in_channel');
    expect(sim.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      'DELETE /pd/api/v1/operators/42',
    ]);
  });

  it('opens the action’s own form, with a channel to run it in, from “Run an action…”', async () => {
    const { h: bot, east: sim } = await start();
    const view = (await openHome(bot, 'U0ONCALL')).args.view as View;
    sim.requests.length = 0;
    const select = view.blocks.find((b) => b.block_id === 'home:actions:east')?.elements?.[0];
    const option = select?.options?.find((o) => JSON.parse(o.value).a === 'transfer_leader');
    expect(option).toBeDefined();
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      homeBlockActionsPayload({
        userId: 'U0ONCALL',
        view,
        actionId: 'home:form',
        blockId: 'home:actions:east',
        selectedValue: option?.value ?? '',
      }),
    );
    const opened = await bot.slack.waitForCall('views.open');
    expect(opened.response?.ok).toBe(true);
    const modal = opened.args.view as {
      callback_id: string;
      title: { text: string };
      blocks: { block_id?: string }[];
    };
    expect(modal.callback_id).toBe(HOME_RUN_CALLBACK_ID);
    expect(modal.title.text).toBe('transfer-leader');
    expect(modal.blocks.map((b) => b.block_id)).toEqual(
      expect.arrayContaining([HOME_CHANNEL_BLOCK_ID, 'cluster', 'param:region_id', 'param:to_store_id']),
    );
    expect(sim.requests).toEqual([]);
  });

  it('publishes Home over Socket Mode too', async () => {
    const { h: bot } = await start('socket');
    const call = await openHome(bot, 'U0LEAD', { mode: 'socket' });
    expect(call.response?.ok).toBe(true);
    expect(flat(call.args.view)).toContain('*Approvals waiting for you*: none');
  });

  it('draws nothing for the Messages tab: that is the DM, which answers typed commands', async () => {
    const { h: bot } = await start();
    await postEvent(
      bot.botUrl,
      SIGNING_SECRET,
      eventCallbackBody(appHomeOpenedEvent({ userId: 'U0LEAD', tab: 'messages' })),
    );
    await openHome(bot, 'U0LEAD');
    expect(bot.slack.callsTo('views.publish')).toHaveLength(1);
  });
});
