import { z } from 'zod';

/** `version: 1`: every config file states its format, so a future format is refused, not misread. */
export const versionOne = z.literal(1, {
  error: (issue) =>
    issue.input === undefined
      ? 'is missing (this bot reads version: 1)'
      : `unsupported version ${JSON.stringify(issue.input)} (this bot reads version: 1)`,
});
