import { isUnhealthyPeer } from './region-info.js';
import { PeerRole, type RegionPeer } from './region-table.js';
import type { SimCluster } from './sim-cluster.js';
import { type OpKindName, type OpStep, SimOperator } from './sim-operator.js';

/** The outcome of one HandleOperatorCreation branch; failures carry PD's status and exact message. */
export type OperatorResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly message: string };

const ERR_ADD_OPERATOR = '[PD:operator:ErrAddOperator]failed to add operator, maybe already have one';
const NO_STEP = 'no operator step is built';
const NO_LEADER = 'cannot build operator for region with no leader';
const NO_VALID_LEADER = 'fail to build operator: plan is empty, maybe no valid leader';
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

/** gogoproto CompactTextString of a metapb.Peer (zero fields omitted, trailing space); unconfirmed in pd-api.md §1.2. */
function peerText(peer: { id?: number; storeId: number; role: number }): string {
  let text = '';
  if (peer.id) text += `id:${peer.id} `;
  text += `store_id:${peer.storeId} `;
  const roleNames = ['Voter', 'Learner', 'IncomingVoter', 'DemotingVoter'];
  if (peer.role !== 0) text += `role:${roleNames[peer.role] ?? peer.role} `;
  return text;
}

function submit(cluster: SimCluster, op: SimOperator): OperatorResult {
  return cluster.operators.add(op, { recordRejection: true }) ? { ok: true } : fail(ERR_ADD_OPERATOR);
}

function adminOperator(
  cluster: SimCluster,
  index: number,
  plan: { desc: string; brief: string; kinds: OpKindName[]; steps: OpStep[]; stepMs: number },
): SimOperator {
  return new SimOperator({
    ...plan,
    regionId: cluster.regions.idOf(index),
    regionIndex: index,
    epochVersion: cluster.regions.version[index] ?? 0,
    epochConfVer: cluster.regions.confVer[index] ?? 0,
    size: cluster.regions.sizeMib[index] ?? 0,
    urgent: true,
  });
}

/** A voter other than `excludeStoreId` whose store takes leaders, preferring the fewest leaders. */
export function pickLeaderTarget(
  cluster: SimCluster,
  index: number,
  excludeStoreId: number,
): number | undefined {
  const now = cluster.clock.nowWallMs();
  let best: number | undefined;
  for (const peer of cluster.regions.peers(index)) {
    if (peer.storeId === excludeStoreId || peer.role === PeerRole.Learner) continue;
    if (!cluster.store(peer.storeId)?.acceptsLeader(now)) continue;
    if (
      best === undefined ||
      (cluster.regions.leaderCount[peer.storeId] ?? 0) < (cluster.regions.leaderCount[best] ?? 0)
    ) {
      best = peer.storeId;
    }
  }
  return best;
}

/** HandleTransferLeader (§1.1). */
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
  // PD's order: NewBuilder (no leader), SetLeader (target peer in down_peers/pending_peers), then
  // Build's prepareBuild (allowLeader filter for a new leader), then "no step" for the current leader.
  const leader = cluster.regions.leaderStoreId(index);
  if (leader === undefined) return fail(NO_LEADER);
  const now = cluster.clock.nowWallMs();
  if (isUnhealthyPeer(cluster, target.storeId, now)) {
    return fail(`cannot transfer leader to ${target.storeId}: unhealthy`);
  }
  if (leader !== target.storeId && !cluster.store(storeId)?.acceptsLeader(now)) {
    return fail('cannot create operator: target leader is not allowed');
  }
  if (leader === target.storeId) return fail(NO_STEP);
  const op = adminOperator(cluster, index, {
    desc: 'admin-transfer-leader',
    brief: `transfer leader: store ${leader} to ${target.storeId}`,
    kinds: ['admin', 'leader'],
    steps: [{ type: 'transfer-leader', fromStoreId: leader, toStoreId: target.storeId }],
    stepMs: ADMIN_LEADER_STEP_MS,
  });
  return submit(cluster, op);
}

/** AddTransferPeerOperator (§1.2): joint-consensus move, leader moved off the source first if needed. */
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
  const to = Number(toStoreId);
  const from = oldPeer.storeId;
  if (to === from) return fail(NO_STEP);
  const existing = cluster.regions.peerOnStore(index, to);
  if (existing !== undefined) return fail(alreadyHavePeer(to, oldPeer.role, existing));
  const leader = cluster.regions.leaderStoreId(index);
  if (leader === undefined) return fail(NO_LEADER);
  const newPeer = { peerId: cluster.allocId(), storeId: to };
  const oldRef = { peerId: oldPeer.id, storeId: from };
  const brief = `mv peer: store [${from}] to [${to}]`;
  if (oldPeer.role === PeerRole.Learner) {
    const steps: OpStep[] = [
      { type: 'add-learner', peer: newPeer },
      { type: 'remove-peer', storeId: from },
    ];
    return submit(
      cluster,
      adminOperator(cluster, index, {
        desc: 'admin-move-peer',
        brief,
        kinds: ['admin', 'region'],
        steps,
        stepMs: PEER_STEP_MS,
      }),
    );
  }
  const joint = { promote: [newPeer], demote: [oldRef] };
  const steps: OpStep[] = [{ type: 'add-learner', peer: newPeer }];
  const kinds: OpKindName[] = ['admin', 'region'];
  if (leader === from) {
    const target = pickLeaderTarget(cluster, index, from);
    if (target !== undefined) {
      steps.push({ type: 'transfer-leader', fromStoreId: from, toStoreId: target });
      steps.push({ type: 'enter-joint', ...joint }, { type: 'leave-joint', ...joint });
    } else if (cluster.store(toStoreId)?.acceptsLeader(cluster.clock.nowWallMs())) {
      // Only the incoming peer can lead: hand over inside the joint state, as PD's builder does.
      steps.push({ type: 'enter-joint', ...joint });
      steps.push({ type: 'transfer-leader', fromStoreId: from, toStoreId: to });
      steps.push({ type: 'leave-joint', ...joint });
    } else {
      return fail(NO_VALID_LEADER);
    }
    kinds.push('leader');
  } else {
    steps.push({ type: 'enter-joint', ...joint }, { type: 'leave-joint', ...joint });
  }
  steps.push({ type: 'remove-peer', storeId: from });
  return submit(
    cluster,
    adminOperator(cluster, index, { desc: 'admin-move-peer', brief, kinds, steps, stepMs: PEER_STEP_MS }),
  );
}

function alreadyHavePeer(toStoreId: number, role: number, existing: RegionPeer): string {
  return `cannot add peer ${peerText({ storeId: toStoreId, role })}: already have peer ${peerText(existing)}`;
}

/** addAddOrLearnerPeerOperator (add-peer / add-learner). */
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
  if (cluster.regions.leaderStoreId(index) === undefined) return fail(NO_LEADER);
  const peer = { peerId: cluster.allocId(), storeId: Number(storeId) };
  const steps: OpStep[] = [{ type: 'add-learner', peer }];
  if (!asLearner) steps.push({ type: 'promote-learner', peer });
  const op = adminOperator(cluster, index, {
    desc: asLearner ? 'admin-add-learner' : 'admin-add-peer',
    brief: `add peer: store [${storeId}]`,
    kinds: ['admin', 'region'],
    steps,
    stepMs: PEER_STEP_MS,
  });
  return submit(cluster, op);
}

/** AddRemovePeerOperator: the leader is moved away first when it sits on the peer to remove. */
export function addRemovePeerOperator(
  cluster: SimCluster,
  regionId: bigint,
  storeId: bigint,
): OperatorResult {
  const index = cluster.regionIndexOf(regionId);
  if (index < 0) return regionNotFound(regionId);
  const peer = cluster.regions.peerOnStore(index, Number(storeId));
  if (peer === undefined) return fail(`region has no peer in store ${storeId}`);
  const leader = cluster.regions.leaderStoreId(index);
  if (leader === undefined) return fail(NO_LEADER);
  const steps: OpStep[] = [];
  const kinds: OpKindName[] = ['admin', 'region'];
  if (leader === peer.storeId) {
    const target = pickLeaderTarget(cluster, index, peer.storeId);
    if (target === undefined) return fail(NO_VALID_LEADER);
    steps.push({ type: 'transfer-leader', fromStoreId: leader, toStoreId: target });
    kinds.push('leader');
  }
  steps.push({ type: 'remove-peer', storeId: peer.storeId });
  const op = adminOperator(cluster, index, {
    desc: 'admin-remove-peer',
    brief: `rm peer: store [${peer.storeId}]`,
    kinds,
    steps,
    stepMs: PEER_STEP_MS,
  });
  return submit(cluster, op);
}
