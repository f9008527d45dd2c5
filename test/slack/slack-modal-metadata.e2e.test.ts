import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PARAMS_MODAL_CALLBACK_ID } from '../../src/slack/params-modal.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { postInteraction, slashCommandFields, viewSubmissionPayload } from '../support/fake-slack/index.js';
import { slash } from './slack-e2e-helpers.js';

const number = (value: string) => ({ value: { type: 'number_input', value } });

/** Rewrites the JSON inside a signed `v1.<payload>.<hmac>` value and keeps the old signature. */
function tamper(signed: string, change: Record<string, unknown>): string {
  const [version, payload = '', signature] = signed.split('.');
  const metadata = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${version}.${Buffer.from(JSON.stringify({ ...metadata, ...change })).toString('base64url')}.${signature}`;
}

describe('form private_metadata is signed by the bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'http' });
  });
  afterEach(async () => {
    await h.close();
  });

  async function openForm() {
    const command = await slash(h, 'transfer-leader');
    const open = await h.slack.waitForCall('views.open');
    return { command, metadata: (open.args.view as { private_metadata: string }).private_metadata };
  }

  const submit = (privateMetadata: string) =>
    postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata,
        values: { 'param:region_id': number('42'), 'param:to_store_id': number('4') } as never,
        userId: 'U0ONCALL',
      }),
    );

  it.each([
    ['channel', { channelId: 'C0GENERAL' }],
    ['issue time', { issuedAt: Date.now() + 3_600_000 }],
    ['response_url', { responseUrl: 'https://evil.example/hook' }],
  ])('refuses a form whose %s was changed, inline, and PD gets nothing', async (_what, change) => {
    const { metadata } = await openForm();
    const res = await submit(tamper(metadata, change));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(res.json)).toContain('could not be verified');
    expect(h.sim.requests).toEqual([]);
    expect(h.slack.responses).toEqual([]);
    expect(h.logs.find((l) => l.decision === 'form_refused')).toEqual([
      expect.objectContaining({ code: 'MODAL_METADATA_BAD_SIGNATURE', correlationId: expect.any(String) }),
    ]);
  });

  it('refuses unsigned metadata, even when it is well-formed', async () => {
    const { command } = await openForm();
    const unsigned = JSON.stringify({
      action: 'transfer_leader',
      channelId: 'C0INCIDENT',
      userId: 'U0ONCALL',
      responseUrl: command.responseUrl,
      issuedAt: Date.now(),
    });
    const res = await submit(unsigned);
    expect(res.json).toMatchObject({ response_action: 'errors' });
    expect(h.sim.requests).toEqual([]);
    expect(h.logs.find((l) => l.decision === 'form_refused')).toEqual([
      expect.objectContaining({ code: 'MODAL_METADATA_UNSIGNED' }),
    ]);
  });

  it('accepts the form exactly as the bot signed it', async () => {
    const { command, metadata } = await openForm();
    const res = await submit(metadata);
    expect(res.body).toBe('');
    await h.slack.waitForResponse((r) => r.url === command.responseUrl);
    expect(h.pdWrites()).toHaveLength(1);
  });
});

describe('form private_metadata over Socket Mode (no signing secret: keyed by the app token)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'socket' });
  });
  afterEach(async () => {
    await h.close();
  });

  function submitOverSocket(privateMetadata: string) {
    return h.slack.sendEnvelope(
      'interactive',
      viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata,
        values: { 'param:store_id': number('3') } as never,
        userId: 'U0ONCALL',
      }),
    ).ack;
  }

  it('runs the form as signed and refuses it with a changed response_url', async () => {
    const responseUrl = h.slack.newResponseUrl();
    h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({ text: 'drain-store', responseUrl, userId: 'U0ONCALL', channelId: 'C0INCIDENT' }),
    );
    const open = await h.slack.waitForCall('views.open');
    const metadata = (open.args.view as { private_metadata: string }).private_metadata;
    const refused = await submitOverSocket(tamper(metadata, { responseUrl: 'https://evil.example/hook' }));
    expect(refused.payload).toMatchObject({ response_action: 'errors' });
    expect(h.pdWrites()).toEqual([]);
    const accepted = await submitOverSocket(metadata);
    expect(accepted.payload).toEqual({});
    await h.slack.waitForResponse((r) => r.url === responseUrl);
    expect(h.pdWrites()).toHaveLength(1);
  });
});
