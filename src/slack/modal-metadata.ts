import { createHmac, timingSafeEqual } from 'node:crypto';
import type { types } from '@slack/bolt';

/** Slack's limit on a view's private_metadata (reference §2.3). */
export const PRIVATE_METADATA_LIMIT = 3000;

const VERSION = 'v1';
/** Domain separation: this key signs form metadata and nothing else. */
const KEY_LABEL = 'tikv-chatops modal private_metadata v1';

/** The HMAC key for form metadata; opaque so it is never logged or compared by accident. */
export interface ModalMetadataKey {
  readonly sign: (payload: string) => Buffer;
}

/**
 * Derives the key from a secret the bot already holds (the signing secret in HTTP mode, the app
 * token in Socket Mode), so a form opened before a restart, or by another replica with the same
 * secret, still submits. Rotating that secret invalidates open forms, which live 25 minutes anyway.
 */
export function modalMetadataKey(secret: string): ModalMetadataKey {
  const key = createHmac('sha256', secret).update(KEY_LABEL).digest();
  return { sign: (payload) => createHmac('sha256', key).update(payload).digest() };
}

export class ModalMetadataError extends Error {
  constructor(
    readonly code: 'MODAL_METADATA_UNSIGNED' | 'MODAL_METADATA_BAD_SIGNATURE' | 'MODAL_METADATA_TOO_LONG',
    message: string,
  ) {
    super(message);
    this.name = 'ModalMetadataError';
  }
}

/**
 * Replaces a view's private_metadata with `v1.<payload>.<hmac>` (both base64url), so the channel,
 * issue time and response_url that come back on submission are the ones the bot put there.
 */
export function signModalView(view: types.ModalView, key: ModalMetadataKey): types.ModalView {
  const payload = Buffer.from(view.private_metadata ?? '', 'utf8').toString('base64url');
  const signed = `${VERSION}.${payload}.${key.sign(payload).toString('base64url')}`;
  if (signed.length > PRIVATE_METADATA_LIMIT) {
    throw new ModalMetadataError(
      'MODAL_METADATA_TOO_LONG',
      `signed private_metadata is ${signed.length} characters; Slack takes ${PRIVATE_METADATA_LIMIT}`,
    );
  }
  return { ...view, private_metadata: signed };
}

/** The metadata the bot signed, or why this value is not it (unsigned, tampered, another key). */
export function verifyModalMetadata(
  text: string,
  key: ModalMetadataKey,
): { ok: true; payload: string } | { ok: false; error: ModalMetadataError } {
  const parts = text.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) {
    return {
      ok: false,
      error: new ModalMetadataError('MODAL_METADATA_UNSIGNED', 'private_metadata is not signed by this bot'),
    };
  }
  const [, payload = '', signature = ''] = parts;
  const expected = key.sign(payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      error: new ModalMetadataError(
        'MODAL_METADATA_BAD_SIGNATURE',
        'private_metadata signature does not match',
      ),
    };
  }
  return { ok: true, payload: Buffer.from(payload, 'base64url').toString('utf8') };
}
