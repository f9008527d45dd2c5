import type { PdResponse, PdSendContext, PdTransport } from '../pd/pd-port.js';
import type { ActionDefinition, ActionParams } from './action-definition.js';
import type { Preview } from './preview.js';

/**
 * A system the bot acts on (TiKV through PD today). It declares its actions and runs their plans
 * (action-plan.ts, run-plan.ts) through the PD transport it was given: for real, or as a preview
 * that reads for real and shows the writes without sending them.
 */
export interface Subject {
  readonly name: string;
  getActionDefinitions(): readonly ActionDefinition[];
  /** `now` is the engine clock's time, for plans that turn a duration into PD's absolute timestamps. */
  execute(
    action: ActionDefinition,
    params: ActionParams,
    context: PdSendContext,
    now?: Date,
  ): Promise<PdResponse>;
  /**
   * What execute would send as things stand. May send bounded reads to PD; never sends a write. A
   * read PD fails becomes a warning in the preview; other errors reject.
   */
  preview(
    action: ActionDefinition,
    params: ActionParams,
    context: PdSendContext,
    now?: Date,
  ): Promise<Preview>;
  readonly transport: PdTransport;
}
