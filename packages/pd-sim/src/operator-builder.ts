import { type BuildResult, PdOperatorBuilder } from './pd-operator-builder.js';
import { PeerRole } from './region-table.js';
import type { SimCluster } from './sim-cluster.js';
import { SimOperator } from './sim-operator.js';

/** The outcome of one HandleOperatorCreation branch; failures carry PD's status and exact message. */
export type OperatorResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly message: string };

const ERR_ADD_OPERATOR = '[PD:operator:ErrAddOperator]failed to add operator, maybe already have one';
/** How long one step takes in simulated time. */
export const ADMIN_LEADER_STEP_MS = 1_000;
export const PEER_STEP_MS = 500;

const fail = (message: string): OperatorResult => ({ ok: false, status: 500, message });

function regionNotFound(regionId: bigint): OperatorResult {
  return fail(`[PD:region:ErrRegionNotFound]region ${regionId} not found`);
}

/** Handler.checkStoreState: only not-found, Tombstone and 10 minutes without heartbeat are refused. */
function checkStoreState(cluster: SimCluster, storeId: bigint): OperatorResult | undefined {
  const store = cluster.store(storeId);
  if (store === undefined) return fail(`[PD:core:ErrStoreNotFound]store ${storeId} not found`);
  if (store.state === 'Tombstone') return fail(`[PD:core:ErrStoreRemoved]store ${storeId} has been removed`);
  if (store.isUnhealthy(cluster.clock.nowWallMs())) {
    return fail(`[PD:core:ErrStoreUnhealthy]store ${storeId} is unhealthy`);
  }
  return undefined;
}

function submit(cluster: SimCluster, op: SimOperator): OperatorResult {
  return cluster.operators.add(op, { recordRejection: true }) ? { ok: true } : fail(ERR_ADD_OPERATOR);
}

/** Handler.addOperator after a Build: PD's builder message as a 500, or the operator handed to the controller. */
function submitBuilt(cluster: SimCluster, index: number, desc: string, built: BuildResult): OperatorResult {
  if (!built.ok) return fail(built.message);
  return submit(
    cluster,
    new SimOperator({
      desc,
      brief: built.brief,
      kinds: built.kinds,
      steps: built.steps,
      stepMs: desc === 'admin-transfer-leader' ? ADMIN_LEADER_STEP_MS : PEER_STEP_MS,
      regionId: cluster.regions.idOf(index),
      regionIndex: index,
      epochVersion: cluster.regions.version[index] ?? 0,
      epochConfVer: cluster.regions.confVer[index] ?? 0,
      size: cluster.regions.sizeMib[index] ?? 0,
      urgent: true,
    }),
  );
}

/**
 * AddTransferLeaderOperator (handler.go ~408): GetStoreVoter (any non-learner, so a DemotingVoter
 * passes here), then CreateTransferLeaderOperator (create_operator.go ~84), which skips the joint-state
 * check and fails later in prepareBuild when the target may not lead.
 */
export function addTransferLeaderOperator(
  cluster: SimCluster,
  regionId: bigint,
  storeId: bigint,
): OperatorResult {
  const index = cluster.regionIndexOf(regionId);
  if (index < 0) return regionNotFound(regionId);
  const target = cluster.regions.peerOnStore(index, Number(storeId));
  if (target === undefined || target.role === PeerRole.Learner) {
    return fail(`region has no voter in store ${storeId}`);
  }
  const built = new PdOperatorBuilder(cluster, index, { skipOriginJointStateCheck: true })
    .setLeader(target.storeId)
    .setLeaders([])
    .build(['admin']);
  return submitBuilt(cluster, index, 'admin-transfer-leader', built);
}

/**
 * AddTransferPeerOperator (handler.go ~472): region, peer on the source store, checkStoreState of the
 * target, then CreateMovePeerOperator (create_operator.go ~121): NewBuilder's no-leader and joint-state
 * checks, RemovePeer(from), AddPeer(to with the old peer's role), Build.
 */
export function addTransferPeerOperator(
  cluster: SimCluster,
  regionId: bigint,
  fromStoreId: bigint,
  toStoreId: bigint,
): OperatorResult {
  const index = cluster.regionIndexOf(regionId);
  if (index < 0) return regionNotFound(regionId);
  const oldPeer = cluster.regions.peerOnStore(index, Number(fromStoreId));
  if (oldPeer === undefined) return fail(`region has no peer in store ${fromStoreId}`);
  const storeError = checkStoreState(cluster, toStoreId);
  if (storeError) return storeError;
  const built = new PdOperatorBuilder(cluster, index)
    .removePeer(oldPeer.storeId)
    .addPeer({ id: 0, storeId: Number(toStoreId), role: oldPeer.role })
    .build(['admin']);
  return submitBuilt(cluster, index, 'admin-move-peer', built);
}

/** AddAddPeerOperator / AddAddLearnerOperator (handler.go ~497–556) over CreateAddPeerOperator. */
export function addAddPeerOperator(
  cluster: SimCluster,
  regionId: bigint,
  storeId: bigint,
  asLearner: boolean,
): OperatorResult {
  const index = cluster.regionIndexOf(regionId);
  if (index < 0) return regionNotFound(regionId);
  if (cluster.regions.peerOnStore(index, Number(storeId)) !== undefined) {
    return fail(`region already has peer in store ${storeId}`);
  }
  const storeError = checkStoreState(cluster, storeId);
  if (storeError) return storeError;
  const role = asLearner ? PeerRole.Learner : PeerRole.Voter;
  const built = new PdOperatorBuilder(cluster, index)
    .addPeer({ id: 0, storeId: Number(storeId), role })
    .build(['admin']);
  return submitBuilt(cluster, index, asLearner ? 'admin-add-learner' : 'admin-add-peer', built);
}

/** AddRemovePeerOperator (handler.go ~559) over CreateRemovePeerOperator. */
export function addRemovePeerOperator(
  cluster: SimCluster,
  regionId: bigint,
  storeId: bigint,
): OperatorResult {
  const index = cluster.regionIndexOf(regionId);
  if (index < 0) return regionNotFound(regionId);
  const peer = cluster.regions.peerOnStore(index, Number(storeId));
  if (peer === undefined) return fail(`region has no peer in store ${storeId}`);
  const built = new PdOperatorBuilder(cluster, index).removePeer(peer.storeId).build(['admin']);
  return submitBuilt(cluster, index, 'admin-remove-peer', built);
}
