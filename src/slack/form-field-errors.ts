import type { ActionDefinition } from '../core/actions/action-definition.js';
import type { InputIssue } from '../core/commands/input-issue.js';
import { CLUSTER_BLOCK_ID, paramBlockId } from './params-modal.js';

/** The block of the form's first parameter: where an error about the whole form is shown. */
export function firstFieldBlockId(action: Pick<ActionDefinition, 'parameters'>): string {
  return paramBlockId(Object.keys(action.parameters)[0] ?? 'param');
}

/**
 * Input issues as a view_submission's inline errors: each under its own field (the cluster under the
 * cluster select), several on one field joined, and an issue naming no field under the first input.
 */
export function formFieldErrors(
  action: Pick<ActionDefinition, 'parameters'>,
  issues: readonly InputIssue[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key =
      issue.field === 'cluster' && !(issue.field in action.parameters)
        ? CLUSTER_BLOCK_ID
        : issue.field !== undefined
          ? paramBlockId(issue.field)
          : firstFieldBlockId(action);
    errors[key] = errors[key] ? `${errors[key]}; ${issue.message}` : issue.message;
  }
  return errors;
}
