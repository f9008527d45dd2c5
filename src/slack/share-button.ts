import type { types } from '@slack/bolt';
import type { ExecutionRequest } from '../core/engine/outcome.js';

export const SHARE_ACTION_ID = 'tikv:share';

/** What a Share in channel button carries: enough to run the same view again, as typed text would. */
export interface ShareValue {
  /** The action's name (registry key). */
  readonly a: string;
  /** Each parameter as text; the click re-validates them like a submitted form. */
  readonly p: Readonly<Record<string, string>>;
  /** The cluster's name. */
  readonly c: string;
}

/**
 * The button under a private read-only view. It carries the request, not the result: a click
 * runs the view again (through the same flow, policy and audit as a typed command) so the channel
 * sees PD as of the click, never a stale table presented as current.
 */
export function shareButton(request: ExecutionRequest): types.KnownBlock {
  const value: ShareValue = {
    a: request.action.name,
    p: Object.fromEntries(Object.entries(request.params).map(([k, v]) => [k, String(v)])),
    c: request.cluster,
  };
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: SHARE_ACTION_ID,
        text: { type: 'plain_text', text: 'Share in channel' },
        value: JSON.stringify(value),
      },
    ],
  };
}

/** Reads a button's value back; anything malformed is undefined (a forged or stale button). */
export function parseShareValue(raw: string | undefined): ShareValue | undefined {
  if (raw === undefined) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<ShareValue>;
    if (typeof v.a !== 'string' || typeof v.c !== 'string' || typeof v.p !== 'object' || v.p === null)
      return undefined;
    if (!Object.values(v.p).every((x) => typeof x === 'string')) return undefined;
    return { a: v.a, p: v.p, c: v.c };
  } catch {
    return undefined;
  }
}
