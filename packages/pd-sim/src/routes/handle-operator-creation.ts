import { goFloatField, goStringField, goUint64FromFloat } from '../decode-go-json-map.js';
import {
  addAddPeerOperator,
  addRemovePeerOperator,
  addTransferLeaderOperator,
  addTransferPeerOperator,
  type OperatorResult,
} from '../operator-builder.js';
import type { SimCluster } from '../sim-cluster.js';

type Input = Readonly<Record<string, unknown>>;

const badRequest = (message: string): OperatorResult => ({ ok: false, status: 400, message });
const notSimulated = (name: string): OperatorResult => ({
  ok: false,
  status: 500,
  message: `tikv-chatops pd-sim: operator ${name} is not simulated`,
});

/**
 * HandleOperatorCreation (pkg/schedule/handler/handler.go): `name`, then `region_id`, then the store
 * fields, each type-checked as `.(float64)`, so "4" is missing while 4.7 counts as 4. Operators the
 * simulator does not model still get PD's request-shape checks before a loud 500.
 */
export function handleOperatorCreation(cluster: SimCluster, input: Input): OperatorResult {
  const name = goStringField(input, 'name');
  if (name === undefined) return badRequest('missing operator name');
  const uint = (key: string): bigint | undefined => {
    const value = goFloatField(input, key);
    return value === undefined ? undefined : goUint64FromFloat(value);
  };
  const regionId = (key = 'region_id'): bigint | undefined => uint(key);
  switch (name) {
    case 'transfer-leader': {
      const region = regionId();
      if (region === undefined) return badRequest('missing region id');
      const to = uint('to_store_id');
      if (to === undefined) return badRequest('missing store id to transfer leader to');
      return addTransferLeaderOperator(cluster, region, to);
    }
    case 'transfer-peer': {
      const region = regionId();
      if (region === undefined) return badRequest('missing region id');
      const from = uint('from_store_id');
      if (from === undefined) return badRequest('invalid store id to transfer peer from');
      const to = uint('to_store_id');
      if (to === undefined) return badRequest('invalid store id to transfer peer to');
      return addTransferPeerOperator(cluster, region, from, to);
    }
    case 'add-peer':
    case 'add-learner':
    case 'remove-peer': {
      const region = regionId();
      if (region === undefined) return badRequest('missing region id');
      // PD reuses the transfer-peer message for all three (sic, pd-api.md §1.3).
      const store = uint('store_id');
      if (store === undefined) return badRequest('invalid store id to transfer peer to');
      if (name === 'remove-peer') return addRemovePeerOperator(cluster, region, store);
      return addAddPeerOperator(cluster, region, store, name === 'add-learner');
    }
    case 'transfer-region': {
      if (regionId() === undefined) return badRequest('missing region id');
      const stores = input.to_store_ids;
      if (!Array.isArray(stores) || stores.some((s) => typeof s !== 'number')) {
        return badRequest('invalid store ids to transfer region to');
      }
      if (stores.length === 0) return badRequest('missing store ids to transfer region to');
      return notSimulated(name);
    }
    case 'merge-region':
      if (regionId('source_region_id') === undefined) return badRequest('missing region id');
      if (regionId('target_region_id') === undefined)
        return badRequest('invalid target region id to merge to');
      return notSimulated(name);
    case 'split-region': {
      if (regionId() === undefined) return badRequest('missing region id');
      if (goStringField(input, 'policy') === undefined) return badRequest('missing split policy');
      const keys = input.keys;
      if (keys !== undefined && (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string'))) {
        return badRequest('bad format keys');
      }
      return notSimulated(name);
    }
    case 'scatter-region':
      if (regionId() === undefined) return badRequest('missing region id');
      return notSimulated(name);
    case 'scatter-regions':
      if (!Array.isArray(input.region_ids)) return badRequest('region_ids is invalid');
      return notSimulated(name);
    default:
      return badRequest('unknown operator');
  }
}
