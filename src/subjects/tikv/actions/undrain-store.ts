import { defineAction } from '../../../core/actions/action-plan.js';
import { EVICT_LEADER_SCHEDULER, PD_API } from '../../../pd/pd-request.js';
import { notUnderEvictLeader } from '../known-pd-errors.js';

/**
 * Undoes drain-store: what pd-ctl `scheduler remove evict-leader-scheduler-S` reaches (pd-api.md
 * §3.3/§3.4), called directly so PD's own message comes back instead of the forwarder's `null`.
 * PD answers `null` (other stores still drained), "The last store has been deleted" (the scheduler
 * is gone too), 404 ErrScheduleConfigNotExist, or 404 plain text when there is no scheduler at all.
 * Low: it only lets PD balance leaders back onto a store someone drained on purpose.
 */
export const UNDRAIN_STORE = defineAction({
  name: 'undrain_store',
  description: 'Stop evicting leaders from a store (undo drain-store)',
  parameters: {
    store_id: {
      type: 'store_id',
      label: 'Store ID',
      description: 'Store to take out of evict-leader-scheduler',
      required: true,
    },
  },
  riskLevel: 'low',
  requiresApproval: false,
  mutating: true,
  plan: ({ store_id: id }) => ({
    reads: [],
    decide: () => ({
      sends: [
        { method: 'DELETE', path: `${PD_API}/scheduler-config/${EVICT_LEADER_SCHEDULER}/delete/${id}` },
      ],
    }),
  }),
  presentError: (error, p) => notUnderEvictLeader(error, p.store_id),
});
