import type { ActionDefinition } from '../core/actions/action-definition.js';
import type { ActionRegistry } from '../core/actions/action-registry.js';
import { BUILT_IN_COMMANDS } from '../core/commands/built-in-commands.js';
import { usageLine } from '../core/commands/usage-line.js';
import type { ClusterDescriptor } from '../core/engine/engine-cluster.js';
import type { Target } from '../core/engine/outcome.js';
import { clusterText } from './cluster-text.js';
import { type RenderTextOptions, SIMULATOR_MARKER } from './render-outcome-text.js';
import { createTextStyle, type TextStyle } from './text-style.js';

export interface RenderHelpOptions extends RenderTextOptions {
  /** Whether missing arguments are asked for (the console) or an error (exec). */
  readonly prompts?: boolean;
}

/** Usage for every action (or one), generated from the definitions like the Slack help. */
export function renderHelpText(
  registry: ActionRegistry,
  /** The cluster commands go to, or every cluster when none is chosen yet. */
  where: Target | readonly ClusterDescriptor[],
  only?: ActionDefinition,
  options: RenderHelpOptions = {},
): string {
  const s = createTextStyle(options.color ?? false);
  const actions = only ? [only] : registry.list();
  let through: string;
  if ('endpoint' in where) {
    const pd = where.simulated ? `${where.endpoint} ${s.yellow(s.bold(SIMULATOR_MARKER))}` : where.endpoint;
    through = `PD (${clusterText(where)}, ${pd})`;
  } else {
    through = `PD, on the cluster named with --cluster NAME (${where.map((c) => clusterText({ cluster: c.name, production: c.production })).join(', ')})`;
  }
  return [
    `tikv-chatops runs TiKV operations through ${through} and shows PD's answer.`,
    `Arguments go in order, or as name=value. ${options.prompts === false ? 'Every required argument must be given.' : 'Leave some out and you are asked for them.'}`,
    'Add --dry-run to see the exact PD request without sending it.',
    '',
    ...actions.flatMap((action) => actionLines(action, s)),
    ...(only ? [] : builtInLines(s)),
    'Example: transfer-leader 42 4 · help <action>',
    '',
  ].join('\n');
}

function actionLines(action: ActionDefinition, s: TextStyle): string[] {
  const entries = Object.entries(action.parameters);
  const width = Math.max(0, ...entries.map(([name]) => name.length));
  const approval = action.requiresApproval ? ', needs approval' : '';
  return [
    `${s.bold(usageLine(action, ''))}  ${s.dim(`(risk: ${action.riskLevel}${approval})`)}`,
    `    ${action.description}`,
    ...entries.map(([name, spec]) => {
      const optional = spec.required ? '' : ' (optional)';
      const label = spec.label ? `${spec.label}${optional}: ` : optional ? 'optional: ' : '';
      return `    ${s.cyan(name.padEnd(width))}  ${label}${spec.description}`;
    }),
    '',
  ];
}

/** The built-ins that answer from the policy alone, worded as in the Slack help. */
function builtInLines(s: TextStyle): string[] {
  const width = Math.max(...BUILT_IN_COMMANDS.map((b) => b.usage.length));
  return [
    `${s.bold('Your permissions')}  ${s.dim('(nothing is sent to PD)')}`,
    ...BUILT_IN_COMMANDS.map((b) => `    ${s.cyan(b.usage.padEnd(width))}  ${b.description}`),
    '',
  ];
}
