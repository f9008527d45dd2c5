import { type ActionDefinition, commandName } from './action-definition.js';
import { checkUndoDeclaration } from './check-undo-declaration.js';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export class DuplicateActionError extends Error {
  readonly code = 'DUPLICATE_ACTION';
  constructor(readonly actionName: string) {
    super(`action "${actionName}" is defined more than once`);
    this.name = 'DuplicateActionError';
  }
}

export class InvalidActionDefinitionError extends Error {
  readonly code = 'INVALID_ACTION_DEFINITION';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidActionDefinitionError';
  }
}

export interface ActionSource {
  getActionDefinitions(): readonly ActionDefinition[];
}

/** Lookup of actions by name. Fails at start on a bad or duplicate definition, never at run time. */
export class ActionRegistry {
  readonly #byName = new Map<string, ActionDefinition>();

  constructor(definitions: readonly ActionDefinition[]) {
    for (const definition of definitions) {
      if (!SNAKE_CASE.test(definition.name)) {
        throw new InvalidActionDefinitionError(`action name "${definition.name}" is not snake_case`);
      }
      for (const [param, spec] of Object.entries(definition.parameters)) {
        if (!SNAKE_CASE.test(param)) {
          throw new InvalidActionDefinitionError(`parameter "${definition.name}.${param}" is not snake_case`);
        }
        if ((spec.type === 'choice') !== (spec.choices !== undefined && spec.choices.length > 0)) {
          throw new InvalidActionDefinitionError(
            `parameter "${definition.name}.${param}": a choice lists its choices, and only a choice does`,
          );
        }
      }
      // Risk `read` is what makes a view open to everyone; a write must never carry it, nor a view any other.
      if ((definition.riskLevel === 'read') === definition.mutating) {
        throw new InvalidActionDefinitionError(
          `action "${definition.name}": risk read is for read-only actions, and read-only actions have risk read`,
        );
      }
      if (this.#byName.has(definition.name)) throw new DuplicateActionError(definition.name);
      this.#byName.set(definition.name, definition);
    }
    // Once all are known: an undo may name an action declared after it.
    for (const definition of definitions) {
      const problem = checkUndoDeclaration(definition, (name) => this.get(name));
      if (problem !== undefined) throw new InvalidActionDefinitionError(problem);
    }
  }

  static fromSource(source: ActionSource): ActionRegistry {
    return new ActionRegistry(source.getActionDefinitions());
  }

  listActionNames(): string[] {
    return [...this.#byName.keys()];
  }

  list(): ActionDefinition[] {
    return [...this.#byName.values()];
  }

  /** Accepts `transfer-leader`, `transfer_leader` and any letter case. */
  get(name: string): ActionDefinition | undefined {
    return this.#byName.get(name.trim().toLowerCase().replaceAll('-', '_'));
  }

  /** Names as users type them, for "did you mean" and help. */
  commandNames(): string[] {
    return this.list().map(commandName);
  }
}
