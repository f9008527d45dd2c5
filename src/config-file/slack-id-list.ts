import { z } from 'zod';

// Member IDs, never display names: names change and can be reused, IDs cannot.
const KINDS = {
  user: {
    pattern: /^[UW][A-Z0-9]{2,}$/,
    what: 'a Slack user ID',
    hint: 'U… or W…, from the profile menu "Copy member ID"',
  },
  group: { pattern: /^S[A-Z0-9]{2,}$/, what: 'a Slack user group ID', hint: 'S…, from the user group page' },
  channel: {
    pattern: /^[CGD][A-Z0-9]{2,}$/,
    what: 'a Slack channel ID',
    hint: 'C…, G… or D…, from the channel details',
  },
} as const;

/** A list of Slack IDs of one kind in a config file; each wrong entry is named with a hint. */
export function slackIdList(kind: keyof typeof KINDS) {
  const { pattern, what, hint } = KINDS[kind];
  return z.array(
    z
      .string()
      .trim()
      .refine((v) => pattern.test(v), {
        error: (issue) => `"${String(issue.input)}" is not ${what} (${hint})`,
      }),
  );
}
