import type { ActionDefinition } from '../core/actions/action-definition.js';
import { commandName } from '../core/actions/action-definition.js';
import type { Engine } from '../core/engine/engine.js';
import type { Target } from '../core/engine/outcome.js';
import { describePermissions } from '../core/policy/evaluate-policy.js';
import { wordPermission, wordRemedy } from '../core/policy/word-denial.js';
import { clusterText } from './cluster-text.js';
import { CONSOLE_DENIAL_WORDS } from './console-denial-words.js';

/** `whoami` / `can <action>` at the terminal: what this user may run, from the policy in force. */
export function renderPermissionsText(
  engine: Engine,
  user: string,
  policy: string,
  only?: ActionDefinition,
  /** The cluster asked about; undefined when none could be chosen (rules limited to clusters then do not count). */
  cluster?: Pick<Target, 'cluster' | 'production'>,
): string {
  const actions = only ? [only] : engine.actions;
  const permissions = describePermissions(engine.policy(), {
    userId: user,
    groupIds: [],
    ...(cluster !== undefined && { cluster: cluster.cluster }),
    actions,
  });
  const width = Math.max(...actions.map((a) => commandName(a).length));
  const lines = permissions.map((p) => {
    const mark = p.allowed ? (p.needsApproval ? 'needs approval' : 'allowed') : 'denied';
    const remedy = p.remedy ? ` — ${wordRemedy(p.remedy, CONSOLE_DENIAL_WORDS)}` : '';
    return `  ${commandName({ name: p.action }).padEnd(width)}  ${mark.padEnd(14)}  ${wordPermission(p, CONSOLE_DENIAL_WORDS)}${remedy}`;
  });
  const on =
    cluster !== undefined ? ` on ${clusterText(cluster)}` : ' (no cluster chosen: add --cluster NAME)';
  return [`${user} under ${policy}${on}:`, ...lines, ''].join('\n');
}
