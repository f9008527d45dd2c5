import type { ActionDefinition } from '../core/action-definition.js';
import { commandName } from '../core/action-definition.js';
import type { Engine } from '../core/engine.js';
import { describePermissions } from '../policy/evaluate-policy.js';

/** Slack mrkdwn mentions in policy texts, made readable in a terminal. */
function plain(text: string): string {
  return text
    .replace(/<[@#]([A-Z0-9]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<!subteam\^([A-Z0-9]+)[^>]*>/g, 'group $1');
}

/** `whoami` / `can <action>` at the terminal: what this user may run, from the policy in force. */
export function renderPermissionsText(
  engine: Engine,
  user: string,
  policy: string,
  only?: ActionDefinition,
): string {
  const actions = only ? [only] : engine.subject.getActionDefinitions();
  const permissions = describePermissions(engine.deps.safety.policy(), {
    userId: user,
    groupIds: [],
    actions,
  });
  const width = Math.max(...actions.map((a) => commandName(a).length));
  const lines = permissions.map((p) => {
    const mark = p.allowed ? (p.needsApproval ? 'needs approval' : 'allowed') : 'denied';
    const remedy = p.remedy ? ` — ${plain(p.remedy)}` : '';
    return `  ${commandName({ name: p.action }).padEnd(width)}  ${mark.padEnd(14)}  ${plain(p.why)}${remedy}`;
  });
  return [`${user} under ${policy}:`, ...lines, ''].join('\n');
}
