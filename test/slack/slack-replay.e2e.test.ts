import { afterEach, describe, expect, it } from 'vitest';
import { PARAMS_MODAL_CALLBACK_ID } from '../../src/slack/params-modal.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import {
  postInteraction,
  postSlashCommand,
  slashCommandFields,
  viewSubmissionPayload,
} from '../support/fake-slack/index.js';
import { flat } from './slack-e2e-helpers.js';

const number = (value: string) => ({ value: { type: 'number_input', value } });

describe('a replayed Slack request runs once', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  function commandFields(harness: Harness, text = 'transfer-leader 42 4') {
    return slashCommandFields({
      text,
      responseUrl: harness.slack.newResponseUrl(),
      userId: 'U0ONCALL',
      channelId: 'C0INCIDENT',
    });
  }

  it('over HTTP, the same signed command posted twice gives one PD POST and a note naming the first', async () => {
    h = await startHarness({ mode: 'http' });
    const fields = commandFields(h);
    // Byte for byte the same request, signature and timestamp included: what an eavesdropper replays.
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await postSlashCommand(h.botUrl, SIGNING_SECRET, fields, { timestamp });
    await h.slack.waitForResponse((r) => r.url === fields.response_url);
    const replay = await postSlashCommand(h.botUrl, SIGNING_SECRET, fields, { timestamp });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual({
      response_type: 'ephemeral',
      text: ':repeat: This request was already received (correlation id `corr0001`); it was not run again.',
    });
    expect(h.pdWrites()).toHaveLength(1);
    const duplicates = h.logs.find((l) => l.decision === 'duplicate');
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toMatchObject({ correlationId: 'corr0002', firstCorrelationId: 'corr0001' });
    // The replay posted nothing to the channel either.
    expect(h.slack.responses.filter((r) => r.url === fields.response_url)).toHaveLength(1);
  });

  it('over HTTP, two copies arriving together still give one PD POST', async () => {
    h = await startHarness({ mode: 'http' });
    const fields = commandFields(h);
    const timestamp = Math.floor(Date.now() / 1000);
    const acks = await Promise.all([
      postSlashCommand(h.botUrl, SIGNING_SECRET, fields, { timestamp }),
      postSlashCommand(h.botUrl, SIGNING_SECRET, fields, { timestamp }),
    ]);
    await h.slack.waitForResponse((r) => r.url === fields.response_url);
    expect(acks.map((a) => flat(a.json).includes('already received')).sort()).toEqual([false, true]);
    expect(h.pdWrites()).toHaveLength(1);
  });

  it('still runs a new command from the same person with the same text', async () => {
    h = await startHarness({ mode: 'http' });
    for (const fields of [commandFields(h), commandFields(h)]) {
      await postSlashCommand(h.botUrl, SIGNING_SECRET, fields);
      await h.slack.waitForResponse((r) => r.url === fields.response_url);
    }
    expect(h.pdWrites()).toHaveLength(2);
  });

  it('over Socket Mode, the same envelope sent twice gives one PD POST', async () => {
    h = await startHarness({ mode: 'socket' });
    const fields = commandFields(h);
    const envelopeId = 'c2b3f1e0-replayed-envelope';
    const first = await h.slack.sendEnvelope('slash_commands', fields, { envelopeId }).ack;
    await h.slack.waitForResponse((r) => r.url === fields.response_url);
    // Slack re-sends an envelope whose ack it did not get: same envelope_id, same payload.
    const again = await h.slack.sendEnvelope('slash_commands', fields, { envelopeId }).ack;
    expect(flat(first.payload)).toContain('Working on');
    expect(again.payload).toEqual({
      response_type: 'ephemeral',
      text: ':repeat: This request was already received (correlation id `corr0001`); it was not run again.',
    });
    expect(h.pdWrites()).toHaveLength(1);
    expect(h.logs.find((l) => l.decision === 'duplicate')).toHaveLength(1);
  });

  describe('forms', () => {
    async function openForm(harness: Harness) {
      const fields = commandFields(harness, 'transfer-leader');
      await postSlashCommand(harness.botUrl, SIGNING_SECRET, fields);
      const open = await harness.slack.waitForCall('views.open');
      const view = open.args.view as { private_metadata: string; blocks: unknown[] };
      return { fields, view };
    }

    function submission(view: { private_metadata: string; blocks: unknown[] }, regionId: string) {
      return viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata: view.private_metadata,
        blocks: view.blocks,
        viewId: 'V0FORMONE',
        values: { 'param:region_id': number(regionId), 'param:to_store_id': number('4') },
        userId: 'U0ONCALL',
      });
    }

    it('a submitted form posted again runs nothing the second time', async () => {
      h = await startHarness({ mode: 'http' });
      const { fields, view } = await openForm(h);
      const payload = submission(view, '42');
      const timestamp = Math.floor(Date.now() / 1000);
      const first = await postInteraction(h.botUrl, SIGNING_SECRET, payload, { timestamp });
      await h.slack.waitForResponse((r) => r.url === fields.response_url);
      const replay = await postInteraction(h.botUrl, SIGNING_SECRET, payload, { timestamp });
      expect([first.status, first.body, replay.status, replay.body]).toEqual([200, '', 200, '']);
      expect(h.pdWrites()).toHaveLength(1);
      expect(h.logs.find((l) => l.decision === 'duplicate')[0]).toMatchObject({
        firstCorrelationId: 'corr0002',
      });
    });

    it('a form corrected after an inline error runs once, under the same view id', async () => {
      h = await startHarness({ mode: 'http' });
      const { fields, view } = await openForm(h);
      const rejected = await postInteraction(h.botUrl, SIGNING_SECRET, submission(view, '0'));
      expect(flat(rejected.json)).toContain('region_id must be a positive integer');
      const corrected = await postInteraction(h.botUrl, SIGNING_SECRET, submission(view, '42'));
      expect(corrected.body).toBe('');
      await h.slack.waitForResponse((r) => r.url === fields.response_url);
      expect(h.pdWrites().map((r) => r.body)).toEqual([
        '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
      ]);
    });
  });
});
