import {
  type BuilderPeer,
  inJointState,
  isLearner,
  type PeersMap,
  peerText,
  sortedIds,
} from './builder-peer.js';
import { chooseTargetLeader } from './choose-target-leader.js';
import type { ClusterState } from './cluster-state.js';
import { operatorBrief } from './operator-brief.js';
import { planPeerStep } from './peer-step-plan.js';
import { isUnhealthyPeer } from './region-info.js';
import { PeerRole } from './region-table.js';
import type { OpKindName, OpStep } from './sim-operator.js';

export type BuildResult =
  | { readonly ok: true; readonly brief: string; readonly kinds: OpKindName[]; readonly steps: OpStep[] }
  | { readonly ok: false; readonly message: string };

/**
 * A port of PD's operator Builder (pkg/schedule/operator/builder.go) for the parts the simulator
 * models: no witnesses, no placement-rule label constraints, no location labels, joint consensus on
 * (PD's default). Errors are sticky and their text is PD's, so the order of checks is PD's too:
 * NewBuilder (nil peer, no leader, joint state) → RemovePeer/AddPeer/SetLeader → prepareBuild
 * (no voter, target leader not allowed) → the step builders ("no valid leader", plan empty, no step).
 */
export class PdOperatorBuilder {
  readonly #cluster: ClusterState;
  readonly #originPeers: PeersMap = new Map();
  readonly #unhealthy = new Set<number>();
  readonly #originLeader: number;
  #targetPeers: PeersMap;
  #targetLeader = 0;
  #targetLeaders: number[] = [];
  #err: string | undefined;
  #useJointConsensus = true;

  currentPeers: PeersMap = new Map();
  currentLeader = 0;
  toAdd: PeersMap = new Map();
  toRemove: PeersMap = new Map();
  toPromote: PeersMap = new Map();
  toDemote: PeersMap = new Map();
  steps: OpStep[] = [];
  peerAddStep = new Map<number, number>();

  /** NewBuilder, builder.go ~98–167. */
  constructor(
    cluster: ClusterState,
    regionIndex: number,
    options: { skipOriginJointStateCheck?: boolean } = {},
  ) {
    this.#cluster = cluster;
    const now = cluster.clock.nowWallMs();
    const peers = cluster.regions.peers(regionIndex);
    for (const peer of peers) {
      if (peer.storeId === 0) {
        this.#err = 'cannot build operator for region with nil peer';
        break;
      }
      this.#originPeers.set(peer.storeId, peer);
    }
    // down_peers and pending_peers, as the region's JSON lists them.
    for (const peer of peers)
      if (isUnhealthyPeer(cluster, peer.storeId, now)) this.#unhealthy.add(peer.storeId);
    this.#originLeader = cluster.regions.leaderStoreId(regionIndex) ?? 0;
    if (this.#err === undefined && !this.#originPeers.has(this.#originLeader)) {
      this.#err = 'cannot build operator for region with no leader';
    }
    if (this.#err === undefined && !options.skipOriginJointStateCheck && peers.some(inJointState)) {
      this.#err = 'cannot build operator for region which is in joint state';
    }
    this.#targetPeers = new Map(this.#originPeers);
  }

  get targetLeader(): number {
    return this.#targetLeader;
  }

  /** AddPeer, builder.go ~182. */
  addPeer(peer: BuilderPeer): this {
    if (this.#err !== undefined) return this;
    const old = this.#targetPeers.get(peer.storeId);
    if (peer.storeId === 0) this.#err = 'cannot add nil peer';
    else if (inJointState(peer)) this.#err = `cannot add peer ${peerText(peer)}: is in joint state`;
    else if (old !== undefined)
      this.#err = `cannot add peer ${peerText(peer)}: already have peer ${peerText(old)}`;
    else this.#targetPeers.set(peer.storeId, peer);
    return this;
  }

  /** RemovePeer, builder.go ~199. */
  removePeer(storeId: number): this {
    if (this.#err !== undefined) return this;
    if (!this.#targetPeers.has(storeId)) this.#err = `cannot remove peer from ${storeId}: not found`;
    else if (this.#targetLeader === storeId)
      this.#err = `cannot remove peer from ${storeId}: is target leader`;
    else this.#targetPeers.delete(storeId);
    return this;
  }

  /** SetLeader, builder.go ~296. */
  setLeader(storeId: number): this {
    if (this.#err !== undefined) return this;
    const peer = this.#targetPeers.get(storeId);
    if (peer === undefined) this.#err = `cannot transfer leader to ${storeId}: not found`;
    else if (isLearner(peer)) this.#err = `cannot transfer leader to ${storeId}: not voter`;
    else if (this.#unhealthy.has(storeId)) this.#err = `cannot transfer leader to ${storeId}: unhealthy`;
    else this.#targetLeader = storeId;
    return this;
  }

  /** SetLeaders, builder.go ~313: the multi-target evict-leader list, sorted, learners and unhealthy dropped. */
  setLeaders(storeIds: readonly number[]): this {
    if (this.#err !== undefined) return this;
    for (const storeId of [...storeIds].sort((a, b) => a - b)) {
      const peer = this.#targetPeers.get(storeId);
      if (peer === undefined || isLearner(peer) || this.#unhealthy.has(storeId)) continue;
      this.#targetLeaders.push(storeId);
    }
    return this;
  }

  /** Build, builder.go ~406. `kinds` is the caller's OpKind (OpAdmin, OpLeader); steps add region/leader. */
  build(kinds: readonly OpKindName[]): BuildResult {
    if (this.#err !== undefined) return { ok: false, message: this.#err };
    const prepared = this.#prepareBuild();
    if (!prepared.ok) return prepared;
    const kind = new Set<OpKindName>(kinds);
    const error = this.#useJointConsensus
      ? this.#buildStepsWithJointConsensus(kind)
      : this.#buildStepsWithoutJointConsensus(kind);
    if (error !== undefined) return { ok: false, message: error };
    return { ok: true, brief: prepared.brief, kinds: [...kind], steps: this.steps };
  }

  /** prepareBuild, builder.go ~430–548 (witness diffs left out). */
  #prepareBuild(): { ok: true; brief: string } | { ok: false; message: string } {
    const voters = [...this.#targetPeers.values()].filter((p) => !isLearner(p)).length;
    if (voters === 0) return { ok: false, message: 'cannot create operator: target peers have no voter' };
    for (const o of this.#originPeers.values()) {
      let n = this.#targetPeers.get(o.storeId);
      if (n === undefined) {
        this.toRemove.set(o.storeId, o);
        continue;
      }
      if (o.id !== n.id) n = { id: o.id, storeId: o.storeId, role: n.role };
      if (isLearner(o) && !isLearner(n)) this.toPromote.set(n.storeId, n);
      else if (!isLearner(o) && isLearner(n)) {
        if (this.#useJointConsensus) this.toDemote.set(n.storeId, n);
        else this.toRemove.set(o.storeId, o);
      }
    }
    // PD ranges over a Go map here; ascending store order makes the simulator's peer IDs repeatable.
    for (const storeId of sortedIds(this.#targetPeers)) {
      let n = this.#targetPeers.get(storeId) as BuilderPeer;
      const o = this.#originPeers.get(storeId);
      if (o === undefined || (!this.#useJointConsensus && !isLearner(o) && isLearner(n))) {
        if (n.id === 0) n = { ...n, id: this.#cluster.allocId() };
        this.toAdd.set(storeId, n);
      }
    }
    const leaderPeer = this.#targetPeers.get(this.#targetLeader);
    if (leaderPeer === undefined || isLearner(leaderPeer)) this.#targetLeader = 0;
    this.currentPeers = new Map(this.#originPeers);
    this.currentLeader = this.#originLeader;
    if (
      this.#targetLeader !== 0 &&
      !this.allowLeader(this.#targetPeers.get(this.#targetLeader) as BuilderPeer)
    ) {
      return { ok: false, message: 'cannot create operator: target leader is not allowed' };
    }
    const changes = this.toAdd.size + this.toRemove.size + this.toPromote.size;
    if (
      changes <= 1 &&
      this.toDemote.size === 0 &&
      (this.toRemove.size !== 1 || this.#targetPeers.size !== 1)
    ) {
      this.#useJointConsensus = false;
    }
    return { ok: true, brief: this.#brief() };
  }

  /** brief(), builder.go ~551–581. */
  #brief(): string {
    return operatorBrief({
      toAdd: this.toAdd,
      toRemove: this.toRemove,
      toPromote: this.toPromote,
      toDemote: this.toDemote,
      targetLeaders: this.#targetLeaders,
      originLeader: this.#originLeader,
      targetLeader: this.#targetLeader,
    });
  }

  /** buildStepsWithJointConsensus, builder.go ~585–660. */
  #buildStepsWithJointConsensus(kind: Set<OpKindName>): string | undefined {
    for (const storeId of sortedIds(this.toAdd)) {
      const peer = this.toAdd.get(storeId) as BuilderPeer;
      if (!isLearner(peer)) {
        this.execAddPeer({ ...peer, role: PeerRole.Learner });
        this.toPromote.set(storeId, peer);
      } else this.execAddPeer(peer);
      kind.add('region');
    }
    this.#setTargetLeaderIfNotExist();
    if (this.#targetLeader === 0) return 'no valid leader';
    for (const storeId of sortedIds(this.toRemove)) {
      const peer = this.toRemove.get(storeId) as BuilderPeer;
      if (!isLearner(peer)) this.toDemote.set(storeId, { ...peer, role: PeerRole.Learner });
    }
    const targetBefore = this.#originPeers.get(this.#targetLeader);
    const originAfter = this.#targetPeers.get(this.#originLeader);
    if (targetBefore !== undefined && !isLearner(targetBefore)) {
      // The target leader is already a voter: hand over first.
      if (this.#originLeader !== this.#targetLeader) {
        this.execTransferLeader(this.#targetLeader);
        kind.add('leader');
      }
      this.#execChangePeerV2(true, false);
    } else if (this.#originLeader === 0 || (originAfter !== undefined && !isLearner(originAfter))) {
      this.#execChangePeerV2(true, false);
      if (this.#originLeader !== this.#targetLeader) {
        this.execTransferLeader(this.#targetLeader);
        kind.add('leader');
      }
    } else {
      // The old leader is demoted and the new one promoted: hand over inside the joint state.
      this.#execChangePeerV2(true, true);
      kind.add('leader');
    }
    for (const storeId of sortedIds(this.toRemove)) {
      this.execRemovePeer(this.toRemove.get(storeId) as BuilderPeer);
      kind.add('region');
    }
    this.#execChangePeerV2(true, false);
    return undefined;
  }

  /** buildStepsWithoutJointConsensus, builder.go ~747–802. */
  #buildStepsWithoutJointConsensus(kind: Set<OpKindName>): string | undefined {
    while (
      this.toAdd.size > 0 ||
      this.toRemove.size > 0 ||
      this.toPromote.size > 0 ||
      this.toDemote.size > 0
    ) {
      const plan = planPeerStep(this);
      if (plan === undefined) return 'fail to build operator: plan is empty, maybe no valid leader';
      if (plan.leaderBeforeAdd !== 0 && plan.leaderBeforeAdd !== this.currentLeader) {
        this.execTransferLeader(plan.leaderBeforeAdd);
        kind.add('leader');
      }
      if (plan.add !== undefined) {
        this.execAddPeer(plan.add);
        kind.add('region');
      }
      if (plan.promote !== undefined) this.#execPromoteLearner(plan.promote);
      if (plan.leaderBeforeRemove !== 0 && plan.leaderBeforeRemove !== this.currentLeader) {
        this.execTransferLeader(plan.leaderBeforeRemove);
        kind.add('leader');
      }
      if (plan.remove !== undefined) {
        this.execRemovePeer(plan.remove);
        kind.add('region');
      }
    }
    this.#setTargetLeaderIfNotExist();
    if (
      this.#targetLeader !== 0 &&
      this.currentLeader !== this.#targetLeader &&
      this.currentPeers.has(this.#targetLeader)
    ) {
      this.execTransferLeader(this.#targetLeader);
      kind.add('leader');
    }
    if (this.steps.length === 0) return 'no operator step is built';
    return undefined;
  }

  /** setTargetLeaderIfNotExist, builder.go ~662–721. */
  #setTargetLeaderIfNotExist(): void {
    if (this.#targetLeader === 0)
      this.#targetLeader = chooseTargetLeader(this, this.#targetPeers, this.#cluster.regions);
  }

  /** allowLeader, builder.go ~926–968: role, then the current leader, then the leader-target store filter. */
  allowLeader(peer: BuilderPeer): boolean {
    if (peer.role === PeerRole.Learner || peer.role === PeerRole.DemotingVoter) return false;
    if (peer.storeId === this.currentLeader) return true;
    const store = this.#cluster.store(peer.storeId);
    if (store === undefined) return false;
    return store.acceptsLeader(this.#cluster.clock.nowWallMs());
  }

  /** preferUpStoreAsLeader's IsPreparing || IsServing: node_state Serving, i.e. metapb Up even if silent. */
  isServing(storeId: number): boolean {
    return this.#cluster.store(storeId)?.state === 'Up';
  }

  execTransferLeader(toStoreId: number): void {
    this.steps.push({ type: 'transfer-leader', fromStoreId: this.currentLeader, toStoreId });
    this.currentLeader = toStoreId;
  }

  #execPromoteLearner(peer: BuilderPeer): void {
    this.steps.push({ type: 'promote-learner', peer: { peerId: peer.id, storeId: peer.storeId } });
    this.currentPeers.set(peer.storeId, peer);
    this.toPromote.delete(peer.storeId);
  }

  execAddPeer(peer: BuilderPeer): void {
    const ref = { peerId: peer.id, storeId: peer.storeId };
    this.steps.push({ type: 'add-learner', peer: ref });
    if (!isLearner(peer)) this.steps.push({ type: 'promote-learner', peer: ref });
    this.currentPeers.set(peer.storeId, peer);
    this.peerAddStep.set(peer.storeId, this.steps.length);
    this.toAdd.delete(peer.storeId);
  }

  execRemovePeer(peer: BuilderPeer): void {
    this.steps.push({ type: 'remove-peer', storeId: peer.storeId });
    this.currentPeers.delete(peer.storeId);
    this.toRemove.delete(peer.storeId);
  }

  /** execChangePeerV2, builder.go ~843–888. */
  #execChangePeerV2(needEnter: boolean, needTransferLeader: boolean): void {
    if (this.toPromote.size + this.toDemote.size === 0) {
      if (needTransferLeader && this.#originLeader !== this.#targetLeader)
        this.execTransferLeader(this.#targetLeader);
      return;
    }
    const promote = sortedIds(this.toPromote).map((id) => this.toPromote.get(id) as BuilderPeer);
    const demote = sortedIds(this.toDemote).map((id) => this.toDemote.get(id) as BuilderPeer);
    for (const peer of [...promote, ...demote]) this.currentPeers.set(peer.storeId, peer);
    this.toPromote = new Map();
    this.toDemote = new Map();
    const joint = {
      promote: promote.map((p) => ({ peerId: p.id, storeId: p.storeId })),
      demote: demote.map((p) => ({ peerId: p.id, storeId: p.storeId })),
    };
    if (needEnter) this.steps.push({ type: 'enter-joint', ...joint });
    if (needTransferLeader && this.#originLeader !== this.#targetLeader)
      this.execTransferLeader(this.#targetLeader);
    // A single promote or demote entered this way is a simple conf change in TiKV: no leave step.
    if (!needEnter || promote.length + demote.length !== 1)
      this.steps.push({ type: 'leave-joint', ...joint });
  }
}
