import { z } from 'zod';

/**
 * A zod object that refuses unknown keys, naming the allowed ones: in a config file a misspelt key
 * must be an error, not a silently ignored line.
 */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} (allowed keys: ${allowed})`;
    },
  });
}
