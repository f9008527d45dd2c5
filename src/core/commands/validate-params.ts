import type { ActionDefinition, ActionParams } from '../actions/action-definition.js';
import { buildParamsSchema } from './build-params-schema.js';
import type { InputIssue } from './input-issue.js';
import { describeCharacter, findInvisibleCharacter } from './invisible-character.js';

export type ValidationResult =
  | { readonly ok: true; readonly params: ActionParams }
  | { readonly ok: false; readonly issues: readonly InputIssue[] };

const schemas = new WeakMap<ActionDefinition, ReturnType<typeof buildParamsSchema>>();

/** Validates raw string arguments (from any front end) against the definition's generated schema. */
export function validateParams(
  definition: ActionDefinition,
  raw: Readonly<Record<string, string>>,
): ValidationResult {
  // A form field gets the same refusal as a typed command: `4\u200b2` must not become 4 or 42.
  const hidden = Object.entries(raw).flatMap(([field, value]): InputIssue[] => {
    const found = findInvisibleCharacter(value);
    if (!found) return [];
    return [
      {
        code: 'INVISIBLE_CHARACTER',
        field,
        message: `${field} has an invisible character ${describeCharacter(found)} at position ${found.position}`,
        received: value,
      },
    ];
  });
  if (hidden.length > 0) return { ok: false, issues: hidden };
  let schema = schemas.get(definition);
  if (!schema) {
    schema = buildParamsSchema(definition);
    schemas.set(definition, schema);
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, params: result.data };
  const issues = result.error.issues.map((issue): InputIssue => {
    const field = issue.path[0] === undefined ? undefined : String(issue.path[0]);
    const received = field !== undefined ? raw[field] : undefined;
    return {
      ...(field !== undefined && { field }),
      message: issue.message,
      ...(received !== undefined && { received }),
    };
  });
  return { ok: false, issues };
}
