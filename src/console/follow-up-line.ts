import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import { printable } from './text-style.js';

/** `SUCCESS — Verified: region 42: leader on store 4; …`, PD's words made printable. */
export function followUpLine(followUp: FollowUp): string {
  const status = followUp.status ?? followUp.state;
  return printable(followUp.detail === undefined ? status : `${status} — ${followUp.detail}`);
}
