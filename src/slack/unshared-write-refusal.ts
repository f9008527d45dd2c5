import type { ReplayClaim } from './replay-guard.js';

/**
 * A change whose replay check could use only this replica's memory (the shared store is unreachable):
 * Slack may redeliver the same request to another replica, which could not know it ran. Reads still
 * run; a change never does without the shared claim.
 */
export function refusesUnsharedWrite(
  claim: ReplayClaim,
  action: { readonly mutating: boolean },
  dryRun: boolean,
): boolean {
  return claim.first && claim.localOnly === true && action.mutating && !dryRun;
}

/** The refusal's words, as a form's inline error shows them (plain text, no emoji). */
export const UNSHARED_WRITE_WORDS =
  'The shared store (Redis) is unreachable, so this change was not run: another replica could not tell it had already run. Nothing was sent to PD. Reads still work; try again once it is back.';

export const UNSHARED_WRITE_TEXT = `:no_entry: ${UNSHARED_WRITE_WORDS}`;
