import { validateParams } from '../commands/validate-params.js';
import type { ActionDefinition, ParameterDefinition } from './action-definition.js';

/** A value each kind of parameter accepts, to call an undo declaration once at start. */
const SAMPLE: Readonly<Record<ParameterDefinition['type'], (spec: ParameterDefinition) => string>> = {
  region_id: () => '1',
  store_id: () => '1',
  choice: (spec) => spec.choices?.[0] ?? '',
  duration: () => '10m',
  cluster: () => 'default',
  text: () => 'x',
};

/**
 * Why `definition`'s undo cannot work, or undefined when it can: it must name another registered
 * write, and the parameters it builds (from valid parameters of `definition`) must pass the undo
 * action's own schema. Checked at start so a broken button can never reach a channel.
 */
export function checkUndoDeclaration(
  definition: ActionDefinition,
  find: (name: string) => ActionDefinition | undefined,
): string | undefined {
  if (definition.undo === undefined) return undefined;
  const where = `action "${definition.name}": its undo`;
  if (!definition.mutating) return `${where} is declared on a read-only action, which changes nothing`;
  const raw = Object.fromEntries(
    Object.entries(definition.parameters).map(([name, spec]) => [name, SAMPLE[spec.type](spec)]),
  );
  const own = validateParams(definition, raw);
  if (!own.ok) return `${where} could not be checked: no sample parameters validate`;
  const undo = definition.undo(own.params);
  const target = find(undo.action);
  if (target === undefined) return `${where} names "${undo.action}", which is not a registered action`;
  if (target === definition) return `${where} names the action itself`;
  if (!target.mutating) return `${where} names "${undo.action}", a read-only action that undoes nothing`;
  if (undo.label.trim() === '' || undo.label.length > 30)
    return `${where} needs a label of 1 to 30 characters`;
  const checked = validateParams(
    target,
    Object.fromEntries(Object.entries(undo.params).map(([k, v]) => [k, String(v)])),
  );
  if (!checked.ok) {
    return `${where} builds parameters "${undo.action}" refuses: ${checked.issues.map((i) => i.message).join('; ')}`;
  }
  return undefined;
}
