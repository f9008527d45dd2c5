import { type ActionDefinition, commandName } from '../actions/action-definition.js';

/** The one definition of the command: Slack registers it, help shows it, the console strips it. */
export const SLASH_COMMAND = '/tikv';

/** `/tikv transfer-leader <region_id> <to_store_id>`; optional parameters in brackets. */
export function usageLine(definition: ActionDefinition, prefix = SLASH_COMMAND): string {
  const params = Object.entries(definition.parameters).map(([name, spec]) =>
    spec.required ? `<${name}>` : `[${name}]`,
  );
  return [prefix, commandName(definition), ...params].filter(Boolean).join(' ');
}
