import { createHmac, timingSafeEqual } from 'node:crypto';
import type { types } from '@slack/bolt';
import type { ActionDefinition } from '../core/actions/action-definition.js';
import { undoOffer } from '../core/actions/undo-offer.js';
import { describeRequest } from '../core/commands/describe-request.js';
import type { ExecutionRequest, Target } from '../core/engine/outcome.js';
import { encodePdBody } from '../core/pd/pd-request.js';
import type { ModalMetadataKey } from './modal-metadata.js';
import { clampLabel } from './mrkdwn.js';
import type { SlackDeps } from './slack-deps.js';

type Block = types.KnownBlock;

export const UNDO_ACTION_ID = 'tikv:undo';
/** The block holding the button, so whoever edits the message later can find and drop it. */
export const UNDO_BLOCK_ID = 'tikv:undo';

/** Slack's limits on a button and its confirm dialog (slack-platform.md §3.2). */
const LIMITS = { buttonText: 75, value: 2000, title: 100, text: 300, confirm: 30, deny: 30 } as const;

const VERSION = 'u1';
/** Domain separation: a key derived for undo buttons only, from the key that signs forms. */
const KEY_LABEL = 'tikv-chatops undo button v1';

/** What an undo button carries, signed by the bot: the request to run, and whose result it undoes. */
export interface UndoValue {
  /** The undo action's name (registry key). */
  readonly a: string;
  /** Each parameter as text; the click validates them again through the action's schema. */
  readonly p: Readonly<Record<string, string>>;
  /** The cluster's name. */
  readonly c: string;
  /** The correlation id of the request whose result carries the button (audit: undoOf). */
  readonly o: string;
}

/** The request whose result may carry an undo button (a follow-up can rebuild this from its record). */
export type UndoableRequest = Pick<ExecutionRequest, 'action' | 'params' | 'cluster' | 'correlationId'>;

export interface UndoButtonContext {
  readonly registry: { get(name: string): ActionDefinition | undefined };
  readonly key: ModalMetadataKey;
  /** The plan's clock time (the engine clock's now). */
  readonly now: Date;
  /** The cluster, so a production cluster is named as such in the confirm dialog. */
  readonly target?: Pick<Target, 'production'>;
}

function sign(key: ModalMetadataKey, payload: string): Buffer {
  const derived = key.sign(KEY_LABEL);
  return createHmac('sha256', derived).update(payload).digest();
}

/**
 * The blocks to put under a write's result: one actions block with the undo button its definition
 * declares, or none. Pure. Only for a result PD accepted (2xx); whoever later learns that the undo
 * has no more use (the operator ended, the store was undrained) drops it with withoutUndoButtons.
 */
export function undoButtons(request: UndoableRequest, context: UndoButtonContext): Block[] {
  const offer = undoOffer(request, (name) => context.registry.get(name), context.now);
  if (offer === undefined) return [];
  const value: UndoValue = {
    a: offer.action.name,
    p: Object.fromEntries(Object.entries(offer.params).map(([k, v]) => [k, String(v)])),
    c: request.cluster,
    o: request.correlationId,
  };
  const payload = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const signed = `${VERSION}.${payload}.${sign(context.key, payload).toString('base64url')}`;
  // Parameters are ids and the cluster a configured name: far under the limit. Never cut a signature.
  if (signed.length > LIMITS.value) return [];
  const what = describeRequest(offer.action, offer.params);
  const cluster = `cluster ${request.cluster}${context.target?.production ? ' (PRODUCTION)' : ''}`;
  const sends =
    offer.sends !== undefined && offer.sends.length > 0
      ? `Sends ${offer.sends.map((r) => `${r.method} ${r.path}${r.body ? ` ${encodePdBody(r)}` : ''}`).join(', then ')} to PD on ${cluster}.`
      : `Runs ${what} on ${cluster}.`;
  const text = [
    sends,
    ...offer.warnings,
    'It runs as you, with the same policy, approval and audit as typing it.',
  ]
    .join(' ')
    .trim();
  return [
    {
      type: 'actions',
      block_id: UNDO_BLOCK_ID,
      elements: [
        {
          type: 'button',
          action_id: UNDO_ACTION_ID,
          text: { type: 'plain_text', text: clampLabel(offer.label, LIMITS.buttonText) },
          value: signed,
          confirm: {
            title: { type: 'plain_text', text: clampLabel(`${offer.label}: ${what}?`, LIMITS.title) },
            // What reaches PD comes first, so a cut can only lose the reassurance at the end.
            text: { type: 'plain_text', text: clampLabel(text, LIMITS.text) },
            confirm: { type: 'plain_text', text: 'Send to PD' },
            deny: { type: 'plain_text', text: "Don't send" },
            style: 'danger',
          },
        },
      ],
    },
  ];
}

/** undoButtons with what the Slack front end already holds (for report-execution and follow-ups). */
export function undoButtonsFor(
  deps: Pick<SlackDeps, 'registry' | 'modalMetadataKey' | 'engine'>,
  request: UndoableRequest,
): Block[] {
  const target = deps.engine.targetOf(request.cluster);
  return undoButtons(request, {
    registry: deps.registry,
    key: deps.modalMetadataKey,
    now: deps.engine.clock.now(),
    ...(target !== undefined && { target }),
  });
}

/** The same blocks without the undo button: for when it has no more use. Pure. */
export function withoutUndoButtons<B>(blocks: readonly B[]): B[] {
  return blocks.filter((b) => (b as { block_id?: unknown }).block_id !== UNDO_BLOCK_ID);
}

export type UndoValueProblem = 'UNDO_VALUE_MISSING' | 'UNDO_VALUE_UNSIGNED' | 'UNDO_VALUE_BAD_SIGNATURE';

/**
 * The value the bot signed, or why this is not it. A good signature only says the bot made the
 * button; the click still validates everything in it as if typed (the action, the parameters
 * through its schema, the cluster) and runs it under the clicker's own permissions.
 */
export function readUndoValue(
  raw: string | undefined,
  key: ModalMetadataKey,
): { ok: true; value: UndoValue } | { ok: false; problem: UndoValueProblem } {
  if (raw === undefined || raw === '') return { ok: false, problem: 'UNDO_VALUE_MISSING' };
  const parts = raw.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, problem: 'UNDO_VALUE_UNSIGNED' };
  const [, payload = '', signature = ''] = parts;
  const expected = sign(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'UNDO_VALUE_BAD_SIGNATURE' };
  }
  try {
    const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<UndoValue>;
    const strings = (x: unknown): x is Record<string, string> =>
      typeof x === 'object' && x !== null && Object.values(x).every((s) => typeof s === 'string');
    if (typeof v.a === 'string' && typeof v.c === 'string' && typeof v.o === 'string' && strings(v.p)) {
      return { ok: true, value: { a: v.a, p: v.p, c: v.c, o: v.o } };
    }
  } catch {
    // Signed by this bot but unreadable: only a bug could make it; refused like a forgery.
  }
  return { ok: false, problem: 'UNDO_VALUE_UNSIGNED' };
}
