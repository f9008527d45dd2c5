import type { PlannedAction } from '../../core/actions/action-plan.js';
import { CANCEL_OPERATOR } from './actions/cancel-operator.js';
import { DRAIN_STORE } from './actions/drain-store.js';
import { HEALTH_ACTION } from './actions/health.js';
import { HOT_ACTION } from './actions/hot.js';
import { OPERATOR_ACTION } from './actions/operator.js';
import { OPERATOR_HISTORY } from './actions/operator-history.js';
import { OPERATORS_ACTION } from './actions/operators.js';
import { REGION_ACTION } from './actions/region.js';
import { REGION_KEY_ACTION } from './actions/region-key.js';
import { REGIONS_CHECK_ACTION } from './actions/regions-check.js';
import { SCHEDULERS } from './actions/schedulers.js';
import { STORE_ACTION } from './actions/store.js';
import { STORES_ACTION } from './actions/stores.js';
import { TRANSFER_LEADER } from './actions/transfer-leader.js';
import { TRANSFER_PEER } from './actions/transfer-peer.js';
import { UNDRAIN_STORE } from './actions/undrain-store.js';

/** Every TiKV action, in the order help lists them. Each is one file in ./actions. */
export const TIKV_ACTIONS: readonly PlannedAction[] = [
  TRANSFER_LEADER,
  TRANSFER_PEER,
  DRAIN_STORE,
  CANCEL_OPERATOR,
  UNDRAIN_STORE,
  HEALTH_ACTION,
  STORES_ACTION,
  STORE_ACTION,
  OPERATORS_ACTION,
  OPERATOR_ACTION,
  OPERATOR_HISTORY,
  SCHEDULERS,
  REGION_ACTION,
  REGION_KEY_ACTION,
  REGIONS_CHECK_ACTION,
  HOT_ACTION,
];
