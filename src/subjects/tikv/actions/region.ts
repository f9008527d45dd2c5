import { defineAction } from '../../../core/actions/action-plan.js';
import { regionNotFound } from '../known-pd-errors.js';
import { REGION_ID } from './region-id-parameter.js';
import { regionTable } from './region-table.js';

/** pd-ctl `region <id>` (pd-api.md §5.1): one bounded read of one region. */
export const REGION_ACTION = defineAction({
  name: 'region',
  description:
    'Show one region: leader, peers and their roles, down/pending peers, epoch, size (pd-ctl `region <id>`)',
  parameters: { region_id: REGION_ID },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: (p) => ({
    reads: [],
    decide: () => ({ sends: [{ method: 'GET', path: `/pd/api/v1/region/id/${p.region_id}` }] }),
  }),
  present: regionTable,
  presentError: (error, p) => regionNotFound(error, p.region_id),
});
