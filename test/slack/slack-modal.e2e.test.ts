import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PARAMS_MODAL_CALLBACK_ID } from '../../src/slack/params-modal.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { postInteraction, viewSubmissionPayload } from '../support/fake-slack/index.js';
import { expectGolden } from '../support/golden.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

/** The JSON inside the signed `v1.<payload>.<hmac>` private_metadata. */
const signedPayload = (metadata: string) =>
  JSON.parse(Buffer.from(metadata.split('.')[1] ?? '', 'base64url').toString('utf8'));

const number = (value: string) => ({ value: { type: 'number_input', value } });

describe('missing arguments open a generated form', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'http' });
  });
  afterEach(async () => {
    await h.close();
  });

  async function openForm(text: string) {
    const command = await slash(h, text);
    expect(command.ack.status).toBe(200);
    expect(command.ack.body).toBe('');
    const open = await h.slack.waitForCall('views.open');
    expect(open.args.trigger_id).toBe(command.fields.trigger_id);
    return { command, view: open.args.view as { private_metadata: string; blocks: unknown[] } };
  }

  function submit(
    privateMetadata: string,
    values: Record<string, Record<string, unknown>>,
    userId = 'U0ONCALL',
  ) {
    return postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata,
        values: values as never,
        userId,
      }),
    );
  }

  it('opens the form prefilled with what was typed, carrying channel and response_url', async () => {
    const { command, view } = await openForm('transfer-leader 42');
    expect(signedPayload(view.private_metadata)).toEqual({
      action: 'transfer_leader',
      channelId: 'C0INCIDENT',
      cluster: 'default',
      userId: 'U0ONCALL',
      responseUrl: command.responseUrl,
      issuedAt: expect.any(Number),
    });
    const normalised = JSON.parse(
      JSON.stringify({ ...view, private_metadata: '(channel, user and response_url as JSON)' }).replaceAll(
        h.sim.url,
        'http://pd-0.pd-peer:2379',
      ),
    );
    expectGolden('slack/transfer-leader-modal-opened', normalised);
    // The region typed is shown in the form (views.update); the only read is that one region.
    await h.slack.waitForCall('views.update');
    expect(h.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /pd/api/v1/region/id/42']);
  });

  it('sends bad values back as inline errors keyed by block, and calls PD for nothing', async () => {
    const { view } = await openForm('transfer-leader');
    const res = await submit(view.private_metadata, {
      'param:region_id': number('0'),
      'param:to_store_id': number('4.5'),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: {
        'param:region_id': 'region_id must be a positive integer, got "0"',
        'param:to_store_id': 'to_store_id must be a positive integer, got "4.5"',
      },
    });
    expect(h.sim.requests).toEqual([]);
  });

  it('names a required field left empty', async () => {
    const { view } = await openForm('transfer-leader');
    const res = await submit(view.private_metadata, {
      'param:region_id': number('42'),
      'param:to_store_id': { value: { type: 'number_input', value: null } },
    });
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { 'param:to_store_id': 'to_store_id is required' },
    });
    expect(h.sim.requests).toEqual([]);
  });

  it('runs a valid submission exactly as the slash command would, and posts in the channel', async () => {
    const { command, view } = await openForm('transfer-leader');
    const res = await submit(view.private_metadata, {
      'param:region_id': number('42'),
      'param:to_store_id': number('4'),
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const response = await h.slack.waitForResponse((r) => r.url === command.responseUrl);
    expect(response.body).toMatchObject({ response_type: 'in_channel' });
    expect(flat(response.body)).toContain(fenced('"The operator is created."\n'));
    expect(flat(response.body)).toContain('<@U0ONCALL>');
    expect(h.pdWrites().map((r) => r.body)).toEqual([
      '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
    ]);
  });

  it('previews instead of running when "Preview only" is ticked, and sends PD no write', async () => {
    const { command, view } = await openForm('drain-store');
    const res = await submit(view.private_metadata, {
      'param:store_id': number('3'),
      mode: {
        value: {
          type: 'checkboxes',
          selected_options: [
            { value: 'dry_run', text: { type: 'plain_text', text: 'Preview only (dry run)' } },
          ],
        },
      },
    });
    expect(res.body).toBe('');
    const response = await h.slack.waitForResponse((r) => r.url === command.responseUrl);
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(response.body)).toContain('{\\"name\\":\\"evict-leader-scheduler\\",\\"store_id\\":3}');
    // drain-store's preview reads the scheduler list to pick its route; nothing else reaches PD.
    expect(h.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /pd/api/v1/schedulers']);
  });

  it('refuses a form submitted after its command can no longer be answered, and sends PD nothing', async () => {
    await h.close();
    let now = Date.parse('2026-11-28T18:00:00Z');
    h = await startHarness({
      mode: 'http',
      clock: { now: () => new Date(now), monotonic: () => performance.now() },
    });
    const { view } = await openForm('transfer-leader');
    now += 26 * 60_000;
    const res = await submit(view.private_metadata, {
      'param:region_id': number('42'),
      'param:to_store_id': number('4'),
    });
    expect(res.json).toMatchObject({ response_action: 'errors' });
    expect(flat(res.json)).toContain('more than 25 minutes ago');
    expect(h.sim.requests).toEqual([]);
  });

  it('answers an out-of-date form with an inline error instead of silence', async () => {
    const res = await submit('not json', { 'param:region_id': number('42') });
    expect(res.json).toMatchObject({ response_action: 'errors' });
    expect(h.sim.requests).toEqual([]);
  });

  it('tells the user when the form cannot be opened', async () => {
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    const { responseUrl } = await slash(h, 'transfer-leader');
    const reply = await h.slack.waitForResponse((r) => r.url === responseUrl);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(reply.body)).toContain('Could not open the form (Slack said `expired_trigger_id`)');
    expect(flat(reply.body)).toContain('/tikv transfer-leader &lt;region_id&gt; &lt;to_store_id&gt;');
    expect(h.sim.requests).toEqual([]);
  });
});
