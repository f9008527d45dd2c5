import type { ActionDefinition, ActionParams } from '../../core/action-definition.js';
import { isPdError, type PdError } from '../../core/pd-errors.js';
import type { PdResponse, PdSendContext, PdTransport } from '../../core/pd-port.js';
import { type Preview, PreviewNotebook } from '../../core/preview.js';
import type { Subject } from '../../core/subject.js';
import { DryRunTransport } from '../../pd/dry-run-transport.js';
import {
  EVICT_LEADER_SCHEDULER,
  evictLeaderAddStoreRequest,
  evictLeaderSchedulerRequest,
  transferLeaderRequest,
  transferPeerRequest,
} from '../../pd/pd-request.js';
import { checkTargetStore } from './check-target-store.js';
import { readSchedulerNames } from './read-scheduler-names.js';
import { TIKV_ACTIONS, type TikvActionDefinition } from './tikv-actions.js';
import type { TikvCall } from './tikv-call.js';
import type { TikvOperations } from './tikv-operations.js';

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

/** Longest piece of PD's answer quoted in a preview warning; the reads list says where it came from. */
const QUOTE_LIMIT = 300;

/**
 * TiKV, reached through PD. Each method sends pd-ctl's exact requests, in pd-ctl's order; in a dry
 * run the same code runs over a DryRunTransport and explains its choices.
 */
export class TikvSubject implements Subject, TikvOperations {
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

  execute(action: ActionDefinition, params: ActionParams, context: PdSendContext): Promise<PdResponse> {
    const definition = this.#actions.get(action.name);
    if (!definition) return Promise.reject(new UnknownActionError(action.name));
    return definition.run(this, params, { pd: this.transport, context });
  }

  async preview(action: ActionDefinition, params: ActionParams, context: PdSendContext): Promise<Preview> {
    const definition = this.#actions.get(action.name);
    if (!definition) throw new UnknownActionError(action.name);
    const dryRun = new DryRunTransport(this.transport);
    const notebook = new PreviewNotebook();
    try {
      await definition.run(this, params, { pd: dryRun, context, preview: notebook });
    } catch (error) {
      // Writes are never sent in a dry run, so a PD error here comes from a read.
      if (!isPdError(error)) throw error;
      notebook.warn(readFailed(error));
    }
    return {
      pdRequests: dryRun.writes,
      reads: dryRun.reads,
      notes: notebook.notes,
      warnings: notebook.warnings,
      alternatives: notebook.alternatives,
    };
  }

  async transferLeader(
    regionId: number,
    toStoreId: string,
    call: TikvCall = this.#direct(),
  ): Promise<PdResponse> {
    return call.pd.send(transferLeaderRequest(regionId, storeId(toStoreId)), call.context);
  }

  async transferPeer(
    regionId: number,
    fromStoreId: string,
    toStoreId: string,
    call: TikvCall = this.#direct(),
  ): Promise<PdResponse> {
    const request = transferPeerRequest(regionId, storeId(fromStoreId), storeId(toStoreId));
    await checkTargetStore(storeId(toStoreId), call);
    return call.pd.send(request, call.context);
  }

  /**
   * pd-ctl `scheduler add evict-leader-scheduler S` (scheduler_command.go ~189–234, ~688–712): list
   * the schedulers; if a name contains evict-leader-scheduler, add the store through the scheduler's
   * config route, otherwise create the scheduler. POSTing /schedulers while it exists would make PD
   * re-post to its own advertised URL over plain HTTP and double-encode the reply.
   */
  async drainStore(storeIdText: string, call: TikvCall = this.#direct()): Promise<PdResponse> {
    const id = storeId(storeIdText);
    const create = evictLeaderSchedulerRequest(id);
    const addStore = evictLeaderAddStoreRequest(id);
    let names: readonly string[];
    try {
      names = await readSchedulerNames(call);
    } catch (error) {
      call.preview?.alternative(`if ${EVICT_LEADER_SCHEDULER} is listed`, addStore);
      call.preview?.alternative(`if it is not`, create);
      throw error;
    }
    const exists = names.some((name) => name.includes(EVICT_LEADER_SCHEDULER));
    const [chosen, other] = exists ? [addStore, create] : [create, addStore];
    call.preview?.note(
      exists
        ? `${EVICT_LEADER_SCHEDULER} exists, so store ${id} would be added through POST ${addStore.path}.`
        : `${EVICT_LEADER_SCHEDULER} does not exist yet, so it would be created for store ${id} through POST ${create.path}.`,
    );
    call.preview?.alternative(
      exists ? `if ${EVICT_LEADER_SCHEDULER} did not exist` : `if ${EVICT_LEADER_SCHEDULER} already existed`,
      other,
    );
    return call.pd.send(chosen, call.context);
  }

  #direct(): TikvCall {
    return { pd: this.transport, context: {} };
  }
}

function readFailed(error: PdError): string {
  const where = `${error.request.method} ${error.request.path}`;
  const answer =
    error.code === 'PD_HTTP_ERROR'
      ? `PD answered HTTP ${error.status}: ${clamp(error.pdMessage)}`
      : `no answer from PD (${error.code})`;
  return `Reading ${where} failed (${answer}). A real run would stop at this read and change nothing.`;
}

function clamp(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}
