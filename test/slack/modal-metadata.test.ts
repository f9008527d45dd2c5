import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  modalMetadataKey,
  PRIVATE_METADATA_LIMIT,
  signModalView,
  verifyModalMetadata,
} from '../../src/slack/modal-metadata.js';

const KEY = modalMetadataKey('signing-secret-1');
const view = (privateMetadata: string): types.ModalView => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'x' },
  blocks: [],
  private_metadata: privateMetadata,
});
const METADATA = JSON.stringify({
  action: 'transfer_leader',
  channelId: 'C0INCIDENT',
  userId: 'U0ONCALL',
  responseUrl: `https://hooks.slack.com/commands/T1/${'1'.repeat(13)}/${'a'.repeat(24)}`,
  issuedAt: 1_795_888_800_000,
});

describe('signed form metadata', () => {
  it('round-trips what the bot signed, within Slack’s 3,000 characters', () => {
    const signed = signModalView(view(METADATA), KEY).private_metadata ?? '';
    expect(signed).toMatch(/^v1\.[\w-]+\.[\w-]{43}$/);
    expect(signed.length).toBeLessThan(PRIVATE_METADATA_LIMIT);
    expect(verifyModalMetadata(signed, KEY)).toEqual({ ok: true, payload: METADATA });
  });

  it('refuses unsigned JSON, a changed payload, and a signature from another secret', () => {
    const signed = signModalView(view(METADATA), KEY).private_metadata ?? '';
    const [, , signature] = signed.split('.');
    const forged = Buffer.from(METADATA.replace('C0INCIDENT', 'C0GENERAL')).toString('base64url');
    const results = [
      verifyModalMetadata(METADATA, KEY),
      verifyModalMetadata(`v1.${forged}.${signature}`, KEY),
      verifyModalMetadata(signed, modalMetadataKey('signing-secret-2')),
      verifyModalMetadata(`${signed}x`, KEY),
      verifyModalMetadata('v1..', KEY),
    ];
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'MODAL_METADATA_UNSIGNED',
      'MODAL_METADATA_BAD_SIGNATURE',
      'MODAL_METADATA_BAD_SIGNATURE',
      'MODAL_METADATA_BAD_SIGNATURE',
      'MODAL_METADATA_BAD_SIGNATURE',
    ]);
  });

  it('refuses to build a form whose signed metadata Slack would reject', () => {
    expect(() => signModalView(view('x'.repeat(2300)), KEY)).toThrow(/Slack takes 3000/);
  });
});
