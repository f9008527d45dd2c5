import { defineAction } from '../../../core/actions/action-plan.js';
import {
  EVICT_LEADER_SCHEDULER,
  evictLeaderAddStoreRequest,
  evictLeaderSchedulerRequest,
  schedulerListRequest,
} from '../../../pd/pd-request.js';
import { drainFollowUp } from '../follow-ups/drain-follow-up.js';
import { storeNotFound } from '../known-pd-errors.js';
import { schedulerNames } from '../scheduler-names.js';

/**
 * pd-ctl `scheduler add evict-leader-scheduler S` (scheduler_command.go ~189–234, ~688–712): list
 * the schedulers; if a name contains evict-leader-scheduler, add the store through the scheduler's
 * config route, otherwise create the scheduler. POSTing /schedulers while it exists would make PD
 * re-post to its own advertised URL over plain HTTP and double-encode the reply.
 */
export const DRAIN_STORE = defineAction({
  name: 'drain_store',
  description: 'Evict all leaders from a store; continuous until removed',
  parameters: {
    store_id: {
      type: 'store_id',
      label: 'Store ID',
      description: 'Store to move every leader off (evict-leader-scheduler)',
      required: true,
    },
  },
  riskLevel: 'high',
  requiresApproval: false,
  mutating: true,
  followUp: (p) => drainFollowUp(Number(p.store_id)),
  plan: ({ store_id: id }) => ({
    reads: [schedulerListRequest()],
    decide: ({ reads: [list] }) => {
      const create = evictLeaderSchedulerRequest(id);
      const addStore = evictLeaderAddStoreRequest(id);
      const names = list ? schedulerNames(list) : [];
      if (names instanceof Error) {
        return {
          sends: [],
          stop: names,
          alternatives: [
            { when: `if ${EVICT_LEADER_SCHEDULER} is listed`, request: addStore },
            { when: 'if it is not', request: create },
          ],
        };
      }
      const exists = names.some((name) => name.includes(EVICT_LEADER_SCHEDULER));
      const [chosen, other] = exists ? [addStore, create] : [create, addStore];
      return {
        sends: [chosen],
        notes: [
          exists
            ? `${EVICT_LEADER_SCHEDULER} exists, so store ${id} would be added through POST ${addStore.path}.`
            : `${EVICT_LEADER_SCHEDULER} does not exist yet, so it would be created for store ${id} through POST ${create.path}.`,
        ],
        alternatives: [
          {
            when: exists
              ? `if ${EVICT_LEADER_SCHEDULER} did not exist`
              : `if ${EVICT_LEADER_SCHEDULER} already existed`,
            request: other,
          },
        ],
      };
    },
  }),
  // The scheduler keeps evicting until the store is taken out of it again.
  undo: (p) => ({ action: 'undrain_store', params: { store_id: p.store_id }, label: 'Undrain' }),
  presentError: (error) => storeNotFound(error),
});
