/** Stable codes for the issues the parser raises itself (field checks from the schema carry none). */
export type InputIssueCode =
  | 'TOO_LONG'
  | 'INVISIBLE_CHARACTER'
  | 'UNBALANCED_QUOTE'
  | 'UNKNOWN_ACTION'
  | 'UNKNOWN_OPTION'
  /** `--cluster` or `-c` with no name after it. */
  | 'MISSING_OPTION_VALUE'
  | 'UNKNOWN_CLUSTER'
  /** Several clusters, none named and none the channel's default: refused rather than guessed. */
  | 'NO_DEFAULT_CLUSTER'
  | 'UNKNOWN_ARGUMENT'
  | 'DUPLICATE_ARGUMENT'
  | 'EXTRA_ARGUMENT'
  | 'USAGE'
  | 'MORE_ISSUES';

/** One thing wrong with what the user typed, addressed to a field when there is one. */
export interface InputIssue {
  readonly code?: InputIssueCode;
  /** Parameter name, or undefined for the command as a whole (unknown action, extra arguments). */
  readonly field?: string;
  readonly message: string;
  /** What the user sent for this field, verbatim after normalisation. */
  readonly received?: string;
}

/** At most this many issues reach a reply; the rest are counted. */
export const MAX_ISSUES = 5;

/** The first MAX_ISSUES issues, then one "and N more" so a reply stays short whatever was typed. */
export function capIssues(issues: readonly InputIssue[]): readonly InputIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const more = issues.length - MAX_ISSUES;
  return [
    ...issues.slice(0, MAX_ISSUES),
    { code: 'MORE_ISSUES', message: `and ${more} more issue${more === 1 ? '' : 's'}` },
  ];
}
