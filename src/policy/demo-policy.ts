import { NO_APPROVALS, type Policy, RISK_LEVELS } from './policy-schema.js';

/**
 * The policy `npm run demo` runs under: the console has one person at the keyboard, so every action
 * is granted to them and nothing waits for a second person. Never used when POLICY_FILE is set.
 */
export function demoPolicy(localUser: string): Policy {
  return {
    version: 1,
    description: `demo policy: grants every action to ${localUser}`,
    readOnlyActions: 'open',
    approvals: NO_APPROVALS,
    rules: [{ name: 'demo', users: [localUser], groups: [], actions: [], risk: [...RISK_LEVELS] }],
  };
}
