import { defineAction } from '../../../core/actions/action-plan.js';
import { transferLeaderRequest } from '../../../pd/pd-request.js';
import { operatorFollowUp } from '../follow-ups/operator-follow-up.js';
import { firstKnown, regionNotFound, storeNotFound } from '../known-pd-errors.js';
import { REGION_ID } from './region-id-parameter.js';

/** pd-ctl `operator add transfer-leader R S`: one write, nothing read first. */
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
    decide: () => ({ sends: [transferLeaderRequest(p.region_id, p.to_store_id)] }),
  }),
  // PD's 200 means the operator was created; cancelling it is how to back out while it runs.
  undo: (p) => ({ action: 'cancel_operator', params: { region_id: p.region_id }, label: 'Cancel' }),
  presentError: (error, p) => firstKnown(regionNotFound(error, p.region_id), storeNotFound(error)),
});
