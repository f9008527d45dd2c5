import { z } from 'zod';
import type { ActionDefinition } from '../actions/action-definition.js';
import { parameterType } from './parameter-type.js';

export { MAX_ID } from './parameter-type.js';

/**
 * zod schema for an action's raw string arguments, generated from its definition: typed input from
 * a slash command, a modal or a console prompt all pass the same check, and come out typed (IDs
 * and durations as numbers).
 */
export function buildParamsSchema(definition: ActionDefinition): z.ZodType<Record<string, number | string>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(definition.parameters)) {
    const field = parameterType(spec).schema(name, spec);
    shape[name] = spec.required ? field : field.optional();
  }
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown argument ${issue.keys.join(', ')}` : undefined,
  }) as unknown as z.ZodType<Record<string, number | string>>;
}
