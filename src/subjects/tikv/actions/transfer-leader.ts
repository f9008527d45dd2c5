import { defineAction } from '../../../core/actions/action-plan.js';
import { regionRequest, storeRequest, transferLeaderRequest } from '../../../pd/pd-request.js';
import { operatorFollowUp } from '../follow-ups/operator-follow-up.js';
import { firstKnown, regionNotFound, storeNotFound } from '../known-pd-errors.js';
import { moveTargetFindings, regionFactFromRead, storeFactFromRead } from '../target-store-findings.js';
import { REGION_ID } from './region-id-parameter.js';

/**
 * pd-ctl `operator add transfer-leader R S`: one write, nothing read first. A dry run reads the
 * target store and the region and warns as the form does (already the leader, no voter there, not
 * Up, under evict-leader); a real run does not read: PD judges.
 */
export const TRANSFER_LEADER = defineAction({
  name: 'transfer_leader',
  description: "Move a region's leader to another store that already holds a voter of the region",
  parameters: {
    region_id: REGION_ID,
    to_store_id: {
      type: 'store_id',
      label: 'Target store ID',
      description: 'Store that becomes the leader; it must hold a voter peer of the region',
      required: true,
    },
  },
  riskLevel: 'medium',
  requiresApproval: false,
  mutating: true,
  followUp: (p) =>
    operatorFollowUp({
      kind: 'transfer_leader',
      regionId: Number(p.region_id),
      toStoreId: Number(p.to_store_id),
    }),
  plan: (p) => ({
    reads: [],
    checks: [storeRequest(p.to_store_id), regionRequest(p.region_id)],
    decide: ({ checks }) => ({
      sends: [transferLeaderRequest(p.region_id, p.to_store_id)],
      ...(checks !== undefined &&
        moveTargetFindings({
          action: 'transfer_leader',
          regionId: p.region_id,
          toStoreId: p.to_store_id,
          store: storeFactFromRead(checks[0]),
          region: regionFactFromRead(checks[1]),
        })),
    }),
  }),
  // PD's 200 means the operator was created; cancelling it is how to back out while it runs.
  undo: (p) => ({ action: 'cancel_operator', params: { region_id: p.region_id }, label: 'Cancel' }),
  presentError: (error, p) => firstKnown(regionNotFound(error, p.region_id), storeNotFound(error)),
});
