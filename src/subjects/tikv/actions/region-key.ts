import { defineAction } from '../../../core/actions/action-plan.js';
import { regionTable } from './region-table.js';

/**
 * pd-ctl `region key <key>` (pd-api.md §5.1), with pd-ctl's default `--format=hex`: the key is hex, as
 * PD prints start_key/end_key. It is sent as `/region/key/<hex>?format=hex`, so only [0-9A-Fa-f] ever
 * sits in the path and no URL escaping (which PD undoes once more with url.QueryUnescape) is involved;
 * anything that is not hex gets PD's own 400 (`encoding/hex: …`).
 */
export const REGION_KEY_ACTION = defineAction({
  name: 'region_key',
  description: 'Show the region that holds a key, given in hex as PD prints keys (pd-ctl `region key <key>`)',
  parameters: {
    key: {
      type: 'text',
      label: 'Key (hex)',
      description: 'The key in hex, e.g. 7480000000000000FF4A5F728000000000FF1E84800000000000FA',
      required: true,
    },
  },
  riskLevel: 'read',
  requiresApproval: false,
  mutating: false,
  plan: (p) => ({
    reads: [],
    decide: () => ({
      sends: [{ method: 'GET', path: `/pd/api/v1/region/key/${encodeURIComponent(p.key)}?format=hex` }],
    }),
  }),
  present: regionTable,
});
