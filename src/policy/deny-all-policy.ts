import { NO_APPROVALS, type Policy } from './policy-schema.js';

/** In force when no POLICY_FILE is set: read-only actions stay open, every mutating one is denied. */
export function denyAllPolicy(): Policy {
  return {
    version: 1,
    description: 'no POLICY_FILE set: every mutating action is denied',
    readOnlyActions: 'open',
    approvals: NO_APPROVALS,
    rules: [],
  };
}
