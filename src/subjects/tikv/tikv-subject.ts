import type { ActionDefinition, ActionParams } from '../../core/action-definition.js';
import type { Subject } from '../../core/subject.js';
import type { PdResponse, PdSendContext, PdTransport } from '../../pd/pd-client.js';
import {
  evictLeaderSchedulerRequest,
  transferLeaderRequest,
  transferPeerRequest,
} from '../../pd/pd-request.js';
import { TIKV_ACTIONS, type TikvActionDefinition } from './tikv-actions.js';

export class UnknownActionError extends Error {
  readonly code = 'UNKNOWN_ACTION';
  constructor(readonly actionName: string) {
    super(`the tikv subject has no action "${actionName}"`);
    this.name = 'UnknownActionError';
  }
}

/** Store IDs arrive as strings (validated upstream); PD wants JSON numbers. */
function storeId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`invalid store id "${value}"`);
  return id;
}

/** TiKV, reached through PD. Each method is one PD call with pd-ctl's exact body. */
export class TikvSubject implements Subject {
  readonly name = 'tikv';
  readonly #actions: ReadonlyMap<string, TikvActionDefinition>;

  constructor(
    readonly transport: PdTransport,
    actions: readonly TikvActionDefinition[] = TIKV_ACTIONS,
  ) {
    this.#actions = new Map(actions.map((a) => [a.name, a]));
  }

  getActionDefinitions(): readonly ActionDefinition[] {
    return [...this.#actions.values()];
  }

  withTransport(transport: PdTransport): TikvSubject {
    return new TikvSubject(transport, [...this.#actions.values()]);
  }

  execute(action: ActionDefinition, params: ActionParams, context: PdSendContext): Promise<PdResponse> {
    const definition = this.#actions.get(action.name);
    if (!definition) return Promise.reject(new UnknownActionError(action.name));
    return definition.run(this, params, context);
  }

  async transferLeader(
    regionId: number,
    toStoreId: string,
    context: PdSendContext = {},
  ): Promise<PdResponse> {
    return this.transport.send(transferLeaderRequest(regionId, storeId(toStoreId)), context);
  }

  async transferPeer(
    regionId: number,
    fromStoreId: string,
    toStoreId: string,
    context: PdSendContext = {},
  ): Promise<PdResponse> {
    return this.transport.send(
      transferPeerRequest(regionId, storeId(fromStoreId), storeId(toStoreId)),
      context,
    );
  }

  async drainStore(storeIdText: string, context: PdSendContext = {}): Promise<PdResponse> {
    return this.transport.send(evictLeaderSchedulerRequest(storeId(storeIdText)), context);
  }
}
