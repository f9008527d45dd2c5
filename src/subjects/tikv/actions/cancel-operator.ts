import { defineAction } from '../../../core/actions/action-plan.js';
import { operatorNotFound } from '../known-pd-errors.js';
import { REGION_ID } from './region-id-parameter.js';

const WHOEVER_STARTED_IT =
  "PD cancels any operator on the region, including one a scheduler or checker started, not only the bot's.";

/**
 * pd-ctl `operator remove R` (pd-api.md §2.3): DELETE /operators/{id}; PD answers 200 "The pending
 * operator is canceled." or 500 ErrOperatorNotFound. Medium: it undoes a move (nothing is lost,
 * the region stays where it was), but it also stops whatever PD itself was doing on that region.
 */
export const CANCEL_OPERATOR = defineAction({
  name: 'cancel_operator',
  description: `Cancel the operator running on a region. ${WHOEVER_STARTED_IT}`,
  parameters: { region_id: REGION_ID },
  riskLevel: 'medium',
  requiresApproval: false,
  mutating: true,
  plan: ({ region_id: id }) => ({
    reads: [],
    decide: () => ({
      sends: [{ method: 'DELETE', path: `/pd/api/v1/operators/${id}` }],
      warnings: [WHOEVER_STARTED_IT],
    }),
  }),
  presentError: (error, p) => operatorNotFound(error, p.region_id),
});
