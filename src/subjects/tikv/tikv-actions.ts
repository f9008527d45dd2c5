import type { ActionDefinition, ActionParams } from '../../core/action-definition.js';
import type { PdResponse } from '../../core/pd-port.js';
import type { TikvCall } from './tikv-call.js';
import type { TikvOperations } from './tikv-operations.js';

/** A TiKV action: its declaration plus the one line that binds it to a TiKV operation. */
export interface TikvActionDefinition extends ActionDefinition {
  run(subject: TikvOperations, params: ActionParams, call: TikvCall): Promise<PdResponse>;
}

const REGION_ID = {
  type: 'int',
  label: 'Region ID',
  description: 'ID of the region, as in `pd-ctl region <id>`',
  required: true,
} as const;

export const TIKV_ACTIONS: readonly TikvActionDefinition[] = [
  {
    name: 'transfer_leader',
    description: "Move a region's leader to another store that already holds a voter of the region",
    parameters: {
      region_id: REGION_ID,
      to_store_id: {
        type: 'str',
        format: 'positive_integer',
        label: 'Target store ID',
        description: 'Store that becomes the leader; it must hold a voter peer of the region',
        required: true,
      },
    },
    riskLevel: 'medium',
    requiresApproval: false,
    mutating: true,
    run: (s, p, c) => s.transferLeader(p.region_id as number, p.to_store_id as string, c),
  },
  {
    name: 'transfer_peer',
    description: 'Move region replica from one store to another',
    parameters: {
      region_id: REGION_ID,
      from_store_id: {
        type: 'str',
        format: 'positive_integer',
        label: 'Source store ID',
        description: 'Store that currently holds the replica to move',
        required: true,
      },
      to_store_id: {
        type: 'str',
        format: 'positive_integer',
        label: 'Target store ID',
        description:
          'Store that receives the replica; it must not hold one already. PD refuses only an unknown or Tombstone store, or one silent for over 10 minutes; an Offline or Disconnected store is accepted and the move then times out, so pick an Up store',
        required: true,
      },
    },
    riskLevel: 'high',
    requiresApproval: false,
    mutating: true,
    run: (s, p, c) =>
      s.transferPeer(p.region_id as number, p.from_store_id as string, p.to_store_id as string, c),
  },
  {
    name: 'drain_store',
    description: 'Evict all leaders from a store; continuous until removed',
    parameters: {
      store_id: {
        type: 'str',
        format: 'positive_integer',
        label: 'Store ID',
        description: 'Store to move every leader off (evict-leader-scheduler)',
        required: true,
      },
    },
    riskLevel: 'high',
    requiresApproval: false,
    mutating: true,
    run: (s, p, c) => s.drainStore(p.store_id as string, c),
  },
];
