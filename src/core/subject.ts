import type { PdResponse, PdSendContext, PdTransport } from '../pd/pd-client.js';
import type { ActionDefinition, ActionParams } from './action-definition.js';

/**
 * A system the bot acts on (TiKV through PD today). It declares its actions and carries them out
 * through a PD transport it was given, so the same subject can run for real or be previewed.
 */
export interface Subject {
  readonly name: string;
  getActionDefinitions(): readonly ActionDefinition[];
  execute(action: ActionDefinition, params: ActionParams, context: PdSendContext): Promise<PdResponse>;
  /** The same subject talking through another transport (a recorder for dry-runs). */
  withTransport(transport: PdTransport): Subject;
  readonly transport: PdTransport;
}
