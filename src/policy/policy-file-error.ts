/**
 * POLICY_FILE is set but cannot be used (empty, unreadable, invalid): the bot refuses to start and
 * the console refuses to run anything (exit 2 both), rather than fall back to another policy.
 */
export class PolicyFileError extends Error {
  readonly code = 'POLICY_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'PolicyFileError';
  }
}
