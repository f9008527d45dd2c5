import { z } from 'zod';
import type { ActionDefinition, ParameterDefinition } from './action-definition.js';

/** PD IDs are uint64, but anything above 2^53−1 cannot travel as an exact JSON number from JS. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

const DIGITS = /^\+?\d+$/;

function positiveIntegerText(name: string, received: string): string | undefined {
  if (!DIGITS.test(received)) return `${name} must be a positive integer, got "${received}"`;
  const value = Number(received);
  if (value < 1) return `${name} must be a positive integer, got "${received}"`;
  if (value > MAX_ID) return `${name} must be at most ${MAX_ID} (2^53−1), got "${received}"`;
  return undefined;
}

function fieldSchema(name: string, spec: ParameterDefinition): z.ZodType {
  const base = z.string({ error: `${name} is required` }).trim();
  if (spec.type === 'int') {
    return base
      .superRefine((value, ctx) => {
        const problem = positiveIntegerText(name, value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .transform((value) => Number(value));
  }
  if (spec.format === 'positive_integer') {
    return base
      .superRefine((value, ctx) => {
        const problem = positiveIntegerText(name, value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .transform((value) => String(Number(value)));
  }
  return base.min(1, `${name} must not be empty`);
}

/**
 * zod schema for an action's raw string arguments, generated from its definition: typed input from
 * a slash command, a modal or a console prompt all pass the same check.
 */
export function buildParamsSchema(definition: ActionDefinition): z.ZodType<Record<string, number | string>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(definition.parameters)) {
    const field = fieldSchema(name, spec);
    shape[name] = spec.required ? field : field.optional();
  }
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown argument ${issue.keys.join(', ')}` : undefined,
  }) as unknown as z.ZodType<Record<string, number | string>>;
}
