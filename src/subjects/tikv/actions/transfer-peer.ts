import { defineAction } from '../../../core/actions/action-plan.js';
import { regionRequest, storeRequest, transferPeerRequest } from '../../../pd/pd-request.js';
import { operatorFollowUp } from '../follow-ups/operator-follow-up.js';
import { firstKnown, regionNotFound, storeNotFound } from '../known-pd-errors.js';
import { moveTargetFindings, regionFactFromRead, storeFactFromRead } from '../target-store-findings.js';
import { REGION_ID } from './region-id-parameter.js';

/**
 * pd-ctl `operator add transfer-peer R F T`: one write. A dry run also reads the target store and
 * the region and warns (never blocks) as the form does (moveTargetFindings): a target PD would
 * accept but where the move would stall, one that already holds a peer; a real run does not read.
 */
export const TRANSFER_PEER = defineAction({
  name: 'transfer_peer',
  description: 'Move region replica from one store to another',
  parameters: {
    region_id: REGION_ID,
    from_store_id: {
      type: 'store_id',
      label: 'Source store ID',
      description: 'Store that currently holds the replica to move',
      required: true,
    },
    to_store_id: {
      type: 'store_id',
      label: 'Target store ID',
      description:
        'Store that receives the replica; it must not hold one already. PD refuses only an unknown or Tombstone store, or one silent for over 10 minutes; an Offline or Disconnected store is accepted and the move then times out, so pick an Up store',
      required: true,
    },
  },
  riskLevel: 'high',
  requiresApproval: false,
  mutating: true,
  followUp: (p) =>
    operatorFollowUp({
      kind: 'transfer_peer',
      regionId: Number(p.region_id),
      fromStoreId: Number(p.from_store_id),
      toStoreId: Number(p.to_store_id),
    }),
  plan: (p) => ({
    reads: [],
    checks: [storeRequest(p.to_store_id), regionRequest(p.region_id)],
    decide: ({ checks }) => ({
      sends: [transferPeerRequest(p.region_id, p.from_store_id, p.to_store_id)],
      ...(checks !== undefined &&
        moveTargetFindings({
          action: 'transfer_peer',
          regionId: p.region_id,
          fromStoreId: p.from_store_id,
          toStoreId: p.to_store_id,
          store: storeFactFromRead(checks[0]),
          region: regionFactFromRead(checks[1]),
        })),
    }),
  }),
  undo: (p) => ({ action: 'cancel_operator', params: { region_id: p.region_id }, label: 'Cancel' }),
  presentError: (error, p) => firstKnown(regionNotFound(error, p.region_id), storeNotFound(error)),
});
