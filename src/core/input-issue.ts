/** One thing wrong with what the user typed, addressed to a field when there is one. */
export interface InputIssue {
  /** Parameter name, or undefined for the command as a whole (unknown action, extra arguments). */
  readonly field?: string;
  readonly message: string;
  /** What the user sent for this field, verbatim after normalisation. */
  readonly received?: string;
}
