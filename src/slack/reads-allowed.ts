import type { SlackDeps } from './slack-deps.js';

/** The read-only action whose permission a picker or form context stands for. */
const READ_STANDING_IN = 'stores';

export type ReadsDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: 'DENIED' | 'POLICY_SLOW' | 'NO_READ_ACTION';
      readonly reason: string;
    };

/**
 * Whether this person may see what PD says about this cluster's stores, here: exactly when the
 * policy would let them run `/tikv stores` in this channel on this cluster (open to everyone under
 * `read_only_actions: open`, a rule under `granted`). A group lookup that does not answer within
 * the budget denies, never guesses, like every other policy decision.
 */
export async function readsAllowed(
  deps: Pick<SlackDeps, 'registry' | 'engine'>,
  userId: string,
  channelId: string,
  cluster: string,
  budgetMs: number,
): Promise<ReadsDecision> {
  const action = deps.registry.get(READ_STANDING_IN);
  if (action === undefined) return { allowed: false, code: 'NO_READ_ACTION', reason: 'no stores action' };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    const decision = await Promise.race([
      deps.engine.authorize(userId, channelId, { action, params: {}, cluster }),
      late,
    ]);
    if (decision === 'late') {
      return { allowed: false, code: 'POLICY_SLOW', reason: `groups not looked up within ${budgetMs} ms` };
    }
    if (!decision.allowed) return { allowed: false, code: 'DENIED', reason: decision.denial.code };
    return { allowed: true };
  } finally {
    clearTimeout(timer);
  }
}
