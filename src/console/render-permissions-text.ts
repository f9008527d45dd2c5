import type { ActionDefinition } from '../core/action-definition.js';
import { commandName } from '../core/action-definition.js';
import type { Engine } from '../core/engine.js';
import { describePermissions } from '../core/evaluate-policy.js';
import { wordPermission, wordRemedy } from '../core/word-denial.js';
import { CONSOLE_DENIAL_WORDS } from './console-denial-words.js';

/** `whoami` / `can <action>` at the terminal: what this user may run, from the policy in force. */
export function renderPermissionsText(
  engine: Engine,
  user: string,
  policy: string,
  only?: ActionDefinition,
): string {
  const actions = only ? [only] : engine.subject.getActionDefinitions();
  const permissions = describePermissions(engine.policy(), {
    userId: user,
    groupIds: [],
    actions,
  });
  const width = Math.max(...actions.map((a) => commandName(a).length));
  const lines = permissions.map((p) => {
    const mark = p.allowed ? (p.needsApproval ? 'needs approval' : 'allowed') : 'denied';
    const remedy = p.remedy ? ` — ${wordRemedy(p.remedy, CONSOLE_DENIAL_WORDS)}` : '';
    return `  ${commandName({ name: p.action }).padEnd(width)}  ${mark.padEnd(14)}  ${wordPermission(p, CONSOLE_DENIAL_WORDS)}${remedy}`;
  });
  return [`${user} under ${policy}:`, ...lines, ''].join('\n');
}
