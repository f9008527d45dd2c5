import type { Denial, Remedy } from './denial.js';

/** Reads a user's groups among the candidates the policy mentions (Slack usergroups in production). */
export type GroupsOf = (userId: string, candidates: readonly string[]) => Promise<string[]>;

export type GroupLookup =
  | { readonly ok: true; readonly groupIds: readonly string[][] }
  | {
      readonly ok: false;
      readonly denial: Extract<Denial, { code: 'GROUP_LOOKUP_FAILED' }>;
      readonly remedy: Extract<Remedy, { code: 'RETRY_GROUP_LOOKUP' }>;
      /** Why the groups could not be read, for the caller's log line. */
      readonly error: unknown;
    };

/**
 * The groups of each user, in order, or a GROUP_LOOKUP_FAILED denial naming `deniedUser` if any
 * lookup fails: a failed lookup is never "no groups", since that could let a rule's absence or an
 * approver check pass on missing data. Used by authorization and by approval clicks alike.
 */
export async function lookUpGroups(
  groupsOf: GroupsOf,
  userIds: readonly string[],
  candidates: readonly string[],
  deniedUser: string,
  action: string,
): Promise<GroupLookup> {
  try {
    const groupIds = await Promise.all(userIds.map((u) => groupsOf(u, candidates)));
    return { ok: true, groupIds };
  } catch (error) {
    return {
      ok: false,
      denial: { code: 'GROUP_LOOKUP_FAILED', userId: deniedUser, action },
      remedy: { code: 'RETRY_GROUP_LOOKUP' },
      error,
    };
  }
}
