import { startPdSim } from '@tikv-chatops/pd-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { CLUSTER_BLOCK_ID, PARAMS_MODAL_CALLBACK_ID, VALUE_ACTION_ID } from '../../src/slack/params-modal.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import {
  postInteraction,
  requestOptionsHttp,
  requestOptionsSocket,
  slashCommandFields,
  viewBlockActionsPayload,
} from '../support/fake-slack/index.js';
import { expectGolden } from '../support/golden.js';
import { slash } from './slack-e2e-helpers.js';

const number = (value: string) => ({ [VALUE_ACTION_ID]: { type: 'number_input', value } });
const picked = (value: string) => ({
  [VALUE_ACTION_ID]: {
    type: 'external_select',
    selected_option: { text: { type: 'plain_text', text: value }, value },
  },
});
/** A log line with these fields, waited for (the bot may log it just after answering). */
const logged = (fields: Record<string, unknown>) =>
  h.logs.waitFor((l) => Object.entries(fields).every(([k, v]) => l[k] === v));
const storesReads = (h: Harness) => h.sim.requests.filter((r) => r.path === '/pd/api/v1/stores').length;

let h: Harness;
afterEach(async () => {
  // Pickers and form context are O(stores) and O(1): never the region list or a store's regions.
  const costly = h?.sim.requests.filter((r) => /^\/pd\/api\/v1\/regions(\/|$)/.test(r.path)) ?? [];
  await h?.close();
  expect(costly).toEqual([]);
});

async function openForm(text: string, userId = 'U0ONCALL') {
  await slash(h, text, { userId });
  const open = await h.slack.waitForCall('views.open', (c) =>
    JSON.stringify(c.args.view).includes(text.split(' ')[0] ?? ''),
  );
  return open.args.view as { private_metadata: string; blocks: unknown[] };
}

function view(metadata: string, values: Record<string, Record<string, unknown>> = {}) {
  return { callbackId: PARAMS_MODAL_CALLBACK_ID, privateMetadata: metadata, values };
}

describe('store pickers over HTTP (signed block_suggestion at the options load URL)', () => {
  it('asks for stores with an external_select that lists on open, and the region field dispatches', async () => {
    h = await startHarness({ mode: 'http' });
    const form = await openForm('transfer-leader');
    const json = JSON.stringify(form.blocks);
    expect(json).toContain('"type":"external_select","action_id":"value","min_query_length":0');
    expect(form.blocks).toContainEqual(
      expect.objectContaining({ block_id: 'param:region_id', dispatch_action: true }),
    );
    expect(h.sim.requests).toEqual([]);
  });

  it('offers Up stores with state and leader count, and narrows on id, address and labels', async () => {
    h = await startHarness({ mode: 'http' });
    const form = await openForm('transfer-leader');
    const ask = (value: string) =>
      requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
        blockId: 'param:to_store_id',
        actionId: VALUE_ACTION_ID,
        value,
        userId: 'U0ONCALL',
        view: view(form.private_metadata),
      });
    const all = await ask('');
    expect(all.groups).toEqual(['Up stores (5)']);
    expect(all.options.map((o) => o.value)).toEqual(['1', '2', '3', '4', '7']);
    expect(all.options[0]?.text.text).toMatch(
      /^1 · Up · [\d,]+ leaders · tikv-0\.tikv-peer\.tidb\.svc:20160 · zone=az1/,
    );
    expect((await ask('4')).options.map((o) => o.value)).toEqual(['4']);
    expect((await ask('tikv-2.')).options.map((o) => o.value)).toEqual(['3']);
    const byLabel = await ask('az3');
    expect(byLabel.options.map((o) => o.value)).toEqual(['3']);
    // A label match shows the labels before the address.
    expect(byLabel.options[0]?.text.text).toMatch(/^3 · Up · [\d,]+ leaders · zone=az3 host=tikv-2/);
    expect((await ask('tiflash')).options.map((o) => o.value)).toEqual(['7']);
    // Five keystrokes, one PD read: the list is cached for the next 15 s.
    expect(storesReads(h)).toBe(1);
    await logged({ decision: 'options', field: 'to_store_id', matched: 1 });
  });

  it('filters per action: voters of the region, stores without a peer, Up stores with leaders, drained stores', async () => {
    h = await startHarness({ mode: 'http' });
    const region42 = { 'param:region_id': number('42') };
    const ask = async (
      command: string,
      field: string,
      values: Record<string, Record<string, unknown>> = {},
    ) => {
      const form = await openForm(command);
      return requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
        blockId: `param:${field}`,
        actionId: VALUE_ACTION_ID,
        value: '',
        userId: 'U0ONCALL',
        view: view(form.private_metadata, values),
      });
    };
    const leader = await ask('transfer-leader', 'to_store_id', region42);
    expect(leader.groups).toEqual(['Voters of region 42, leader on 2 left out (2)']);
    expect(leader.options.map((o) => o.value)).toEqual(['3', '4']);
    const peerTarget = await ask('transfer-peer', 'to_store_id', region42);
    expect(peerTarget.groups).toEqual(['Stores without a peer of region 42 (3)']);
    expect(peerTarget.options.map((o) => o.value)).toEqual(['1', '5', '6']);
    expect(peerTarget.options.find((o) => o.value === '5')?.text.text).toMatch(/^5 · Offline · 0 leaders/);
    const peerSource = await ask('transfer-peer', 'from_store_id', region42);
    expect(peerSource.options.map((o) => o.value)).toEqual(['2', '3', '4', '7']);
    const drain = await ask('drain-store', 'store_id');
    expect(drain.groups).toEqual(['Up stores with leaders (4)']);
    expect(drain.options.map((o) => o.value)).toEqual(['1', '2', '3', '4']);
    // A region the form names but PD does not know: all Up stores, and the label says why.
    const unknown = await ask('transfer-leader', 'to_store_id', { 'param:region_id': number('999999') });
    expect(unknown.groups).toEqual(['Up stores (region 999999 not found) (5)']);
  });

  it('offers only the stores under evict-leader to undrain-store (status.pause_leader_transfer_in)', async () => {
    h = await startHarness({ mode: 'http' });
    await fetch(`${h.sim.url}/pd/api/v1/schedulers`, {
      method: 'POST',
      body: JSON.stringify({ name: 'evict-leader-scheduler', store_id: 3 }),
    });
    const form = await openForm('undrain-store');
    const answer = await requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
      blockId: 'param:store_id',
      actionId: VALUE_ACTION_ID,
      value: '',
      userId: 'U0ONCALL',
      view: view(form.private_metadata),
    });
    expect(answer.groups).toEqual(['Stores under evict-leader (1)']);
    expect(answer.options.map((o) => o.text.text)).toEqual([expect.stringMatching(/^3 · Up · evicting · /)]);
  });

  it('answers in time with no options when PD fails and nothing is cached, except the id typed, marked unchecked', async () => {
    h = await startHarness({ mode: 'http' });
    h.sim.faults.set('GET /pd/api/v1/stores=status:503:busy');
    const form = await openForm('drain-store');
    const ask = (value: string) =>
      requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
        blockId: 'param:store_id',
        actionId: VALUE_ACTION_ID,
        value,
        userId: 'U0ONCALL',
        view: view(form.private_metadata),
      });
    expect((await ask('')).options).toEqual([]);
    expect((await ask('12')).options).toEqual([
      { text: { type: 'plain_text', text: '12 · not checked: PD did not answer' }, value: '12' },
    ]);
    await logged({ decision: 'options_pd_unavailable', code: 'PD_FAILED', detail: 'PD answered HTTP 503' });
    // The failure is remembered for 2 s: the second keystroke did not ask PD again.
    expect(storesReads(h)).toBe(1);
  });

  it('answers with the last list, marked with its age, when PD is slow to refresh it', async () => {
    let offset = 0;
    h = await startHarness({
      mode: 'http',
      // The hung read gives up at this timeout, so closing the harness does not wait long.
      pdTimeoutMs: 2500,
      clock: { now: () => new Date(Date.now() + offset), monotonic: () => performance.now() + offset },
    });
    const form = await openForm('drain-store');
    const ask = () =>
      requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
        blockId: 'param:store_id',
        actionId: VALUE_ACTION_ID,
        value: '',
        userId: 'U0ONCALL',
        view: view(form.private_metadata),
      });
    expect((await ask()).groups).toEqual(['Up stores with leaders (4)']);
    offset += 20_000;
    h.sim.faults.set('GET /pd/api/v1/stores=hang');
    const stale = await ask();
    expect(stale.groups).toEqual([
      expect.stringMatching(/^PD slow, list 2\d s old · Up stores with leaders \(4\)$/),
    ]);
    expect(stale.options.length).toBe(4);
    expect(stale.elapsedMs).toBeLessThan(3000);
    expect(storesReads(h)).toBe(2);
  });

  it('N concurrent option requests while PD hangs: one GET /stores, every answer within the budget', async () => {
    h = await startHarness({ mode: 'http', pdTimeoutMs: 2500 });
    h.sim.faults.set('GET /pd/api/v1/stores=hang');
    const form = await openForm('drain-store');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
          blockId: 'param:store_id',
          actionId: VALUE_ACTION_ID,
          value: i % 2 === 0 ? '' : String(i),
          userId: 'U0ONCALL',
          view: view(form.private_metadata),
        }),
      ),
    );
    expect(storesReads(h)).toBe(1);
    for (const answer of answers) expect(answer.elapsedMs).toBeLessThan(3000);
    expect(answers[0]?.options).toEqual([]);
    await logged({ decision: 'options_pd_unavailable', code: 'PD_SLOW' });
  });

  it('N concurrent option requests on a cold cache: one GET /stores answers them all', async () => {
    h = await startHarness({ mode: 'http' });
    // Held long enough that every request arrives while the one read is still in flight.
    h.sim.faults.set('GET /pd/api/v1/stores#1=delay:1000');
    const form = await openForm('drain-store');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
          blockId: 'param:store_id',
          actionId: VALUE_ACTION_ID,
          value: '',
          userId: 'U0ONCALL',
          view: view(form.private_metadata),
        }),
      ),
    );
    // However they interleave, the cache is fresh for 15 s after the first answer: at most one read.
    expect(storesReads(h)).toBe(1);
    expect(answers.every((a) => a.options.length === 4 || a.options.length === 0)).toBe(true);
  });

  it('gives no options to someone the policy does not let read this cluster', async () => {
    h = await startHarness({
      mode: 'http',
      policy: `version: 1
read_only_actions: granted
rules:
  - name: oncall
    users: [U0ONCALL]
    actions: [stores]
    risk: [low, medium, high]
  - name: drainer
    users: [U0DRAINER]
    actions: [drain_store]
`,
    });
    const form = await openForm('drain-store', 'U0DRAINER');
    const ask = (userId: string) =>
      requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
        blockId: 'param:store_id',
        actionId: VALUE_ACTION_ID,
        value: '',
        userId,
        view: view(form.private_metadata),
      });
    expect((await ask('U0DRAINER')).options).toEqual([]);
    await logged({ decision: 'options_denied', code: 'DENIED', user: 'U0DRAINER' });
    expect(storesReads(h)).toBe(0);
    expect((await ask('U0ONCALL')).options.length).toBe(4);
  });

  it('gives nothing for a form whose metadata the bot did not sign', async () => {
    h = await startHarness({ mode: 'http' });
    const answer = await requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
      blockId: 'param:store_id',
      actionId: VALUE_ACTION_ID,
      value: '',
      userId: 'U0ONCALL',
      view: view(
        JSON.stringify({
          action: 'drain_store',
          channelId: 'C1',
          userId: 'U1',
          responseUrl: 'x',
          issuedAt: 0,
        }),
      ),
    });
    expect(answer.options).toEqual([]);
    await logged({ decision: 'options_refused', reason: 'unsigned' });
    expect(storesReads(h)).toBe(0);
  });
});

describe('store pickers with several clusters', () => {
  it('lists the stores of the cluster chosen in the form, and none before one is chosen', async () => {
    const big = await startPdSim({ timing: 'manual', stores: 9 });
    try {
      const pd = (url: string) => ({ endpoints: [url], connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
      h = await startHarness({
        mode: 'http',
        clusters: [
          { name: 'small', production: false, defaultForChannels: [], pd: pd('http://127.0.0.1:1') },
          { name: 'big', production: true, defaultForChannels: [], pd: pd(big.url) },
        ],
      });
      const form = await openForm('drain-store');
      const ask = (values: Record<string, Record<string, unknown>>) =>
        requestOptionsHttp(h.botUrl, SIGNING_SECRET, {
          blockId: 'param:store_id',
          actionId: VALUE_ACTION_ID,
          value: '',
          userId: 'U0ONCALL',
          view: view(form.private_metadata, values),
        });
      // C0INCIDENT is nobody's default: no cluster yet, no guess.
      expect((await ask({})).options).toEqual([]);
      await logged({ decision: 'options_refused', reason: 'no_cluster' });
      const chosen = await ask({
        [CLUSTER_BLOCK_ID]: {
          [VALUE_ACTION_ID]: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'big' }, value: 'big' },
          },
        },
      });
      expect(chosen.options.map((o) => o.value)).toEqual(['1', '2', '3', '4', '7', '8', '9']);
      expect(big.requests.filter((r) => r.path === '/pd/api/v1/stores').length).toBe(1);
    } finally {
      await h.close();
      await big.close();
    }
  });
});

describe('store pickers over Socket Mode', () => {
  it('answers block_suggestion envelopes in the ack, with typeahead and the per-action filter', async () => {
    h = await startHarness({ mode: 'socket' });
    const responseUrl = h.slack.newResponseUrl();
    h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        text: 'transfer-peer 42',
        responseUrl,
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    const open = await h.slack.waitForCall('views.open');
    const metadata = (open.args.view as { private_metadata: string }).private_metadata;
    const ask = (value: string) =>
      requestOptionsSocket(h.slack, {
        blockId: 'param:to_store_id',
        actionId: VALUE_ACTION_ID,
        value,
        userId: 'U0ONCALL',
        view: view(metadata, { 'param:region_id': number('42') }),
      });
    const all = await ask('');
    expect(all.options.map((o) => o.value)).toEqual(['1', '5', '6']);
    expect((await ask('az2')).options.map((o) => o.value)).toEqual(['5']);
    expect(all.elapsedMs).toBeLessThan(3000);
  });
});

describe('the form shows the region before Run', () => {
  it('says when PD could not describe the region, and still lets the form be run', async () => {
    h = await startHarness({ mode: 'http' });
    h.sim.faults.set('GET /pd/api/v1/region/id/*=status:500:boom');
    await slash(h, 'transfer-leader 42');
    const update = await h.slack.waitForCall('views.update');
    const context = JSON.stringify(
      (update.args.view as { blocks: { block_id?: string }[] }).blocks.find((b) => b.block_id === 'context'),
    );
    expect(context).toContain(
      ':warning: Region 42 could not be read (PD answered HTTP 500); its peers are not checked.',
    );
    const view = update.args.view as { submit?: unknown };
    expect(view.submit).toEqual({ type: 'plain_text', text: 'Run' });
  });

  it('shows nothing to someone the policy does not let read this cluster', async () => {
    h = await startHarness({
      mode: 'http',
      policy: `version: 1
read_only_actions: granted
rules:
  - name: movers
    users: [U0MOVER]
    actions: [transfer_leader]
`,
    });
    await slash(h, 'transfer-leader 42', { userId: 'U0MOVER' });
    await logged({ decision: 'form_context_denied', code: 'DENIED' });
    expect(h.slack.callsTo('views.update')).toEqual([]);
    expect(h.sim.requests).toEqual([]);
  });

  it('updates the form over Socket Mode too, when a store is picked', async () => {
    h = await startHarness({ mode: 'socket' });
    const responseUrl = h.slack.newResponseUrl();
    h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        text: 'transfer-leader',
        responseUrl,
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    const open = await h.slack.waitForCall('views.open');
    const opened = open.response?.view as { id: string; private_metadata: string };
    const sent = h.slack.sendEnvelope(
      'interactive',
      viewBlockActionsPayload({
        blockId: 'param:to_store_id',
        actionId: VALUE_ACTION_ID,
        value: '',
        selected: { text: '1', value: '1' },
        userId: 'U0ONCALL',
        view: {
          id: opened.id,
          ...view(opened.private_metadata, {
            'param:region_id': number('42'),
            'param:to_store_id': picked('1'),
          }),
        },
      }),
    );
    await sent.ack;
    const update = await h.slack.waitForCall('views.update');
    expect(JSON.stringify(update.args.view)).toContain(
      'Store 1 holds no peer of region 42, so PD will refuse it (\\"region has no voter in store 1\\").',
    );
  });

  it('updates the form with leader, peers and a warning when the target already leads (views.update)', async () => {
    h = await startHarness({ mode: 'http' });
    const form = await openForm('transfer-leader');
    const viewId = (await h.slack.waitForCall('views.open')).response?.view as { id: string; hash: string };
    const res = await postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      viewBlockActionsPayload({
        blockId: 'param:to_store_id',
        actionId: VALUE_ACTION_ID,
        value: '',
        selected: { text: '2', value: '2' },
        userId: 'U0ONCALL',
        view: {
          id: viewId.id,
          hash: viewId.hash,
          ...view(form.private_metadata, {
            'param:region_id': number('42'),
            'param:to_store_id': picked('2'),
          }),
        },
      }),
    );
    expect(res.status).toBe(200);
    const update = await h.slack.waitForCall('views.update');
    expect(update.response?.ok).toBe(true);
    expect(update.args.view_id).toBe(viewId.id);
    const updated = update.args.view as { private_metadata: string; blocks: { block_id?: string }[] };
    expect(updated.private_metadata).toBe(form.private_metadata);
    const context = updated.blocks.find((b) => b.block_id === 'context');
    expect(JSON.stringify(context)).toContain(
      'Region 42: leader on store 2; voters on 4, 2, 3; learners on 7.',
    );
    expect(JSON.stringify(context)).toContain(
      ':warning: Store 2 already leads region 42: there is nothing to move.',
    );
    expectGolden('slack/transfer-leader-form-context', {
      ...updated,
      private_metadata: '(signed, unchanged)',
      blocks: JSON.parse(JSON.stringify(updated.blocks).replaceAll(h.sim.url, 'http://pd-0.pd-peer:2379')),
    });
    await logged({ decision: 'form_context', regionId: 42, warnings: 1 });
    expect(h.pdWrites()).toEqual([]);
  });

  it('shows the region typed on the command line as soon as the form opens, and warns for an Offline peer target', async () => {
    h = await startHarness({ mode: 'http' });
    await slash(h, 'transfer-peer 42 3');
    const update = await h.slack.waitForCall('views.update');
    const context = JSON.stringify(
      (update.args.view as { blocks: { block_id?: string }[] }).blocks.find((b) => b.block_id === 'context'),
    );
    expect(context).toContain('Region 42: leader on store 2; voters on 4, 2, 3; learners on 7.');
    // No target yet: nothing said about one.
    expect(context).not.toContain('Target store');
    const opened = (await h.slack.waitForCall('views.open')).response?.view as { id: string; hash: string };
    const metadata = (update.args.view as { private_metadata: string }).private_metadata;
    await postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      viewBlockActionsPayload({
        blockId: 'param:to_store_id',
        actionId: VALUE_ACTION_ID,
        value: '',
        selected: { text: '5', value: '5' },
        userId: 'U0ONCALL',
        view: {
          id: opened.id,
          ...view(metadata, {
            'param:region_id': number('42'),
            'param:from_store_id': picked('3'),
            'param:to_store_id': picked('5'),
          }),
        },
      }),
    );
    const second = await h.slack.waitForCall('views.update', (c) =>
      JSON.stringify(c.args.view).includes('Target store 5'),
    );
    expect(JSON.stringify(second.args.view)).toContain(
      'Target store 5: it is Offline (being removed). PD refuses a target only when it is unknown, Tombstone or silent for more than 10 minutes, so PD will accept the move, but the operator will likely time out.',
    );
    expect(h.pdWrites()).toEqual([]);
  });
});
