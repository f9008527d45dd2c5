import type { BuilderPeer } from './builder-peer.js';
import { PeerRole } from './region-table.js';

/** stepPlan (builder.go ~982): one add, remove or promote, with the leader to hold before it. */
export interface StepPlan {
  readonly leaderBeforeAdd: number;
  readonly leaderBeforeRemove: number;
  readonly add?: BuilderPeer;
  readonly remove?: BuilderPeer;
  readonly promote?: BuilderPeer;
}

/** The builder's working state a plan is chosen from (PdOperatorBuilder, which calls planPeerStep). */
export interface PlanningBuilder {
  readonly currentPeers: ReadonlyMap<number, BuilderPeer>;
  readonly currentLeader: number;
  readonly targetLeader: number;
  readonly toAdd: ReadonlyMap<number, BuilderPeer>;
  readonly toRemove: ReadonlyMap<number, BuilderPeer>;
  readonly toPromote: ReadonlyMap<number, BuilderPeer>;
  readonly steps: readonly unknown[];
  readonly peerAddStep: ReadonlyMap<number, number>;
  allowLeader(peer: BuilderPeer): boolean;
  isServing(storeId: number): boolean;
}

const sortedKeys = (peers: ReadonlyMap<number, BuilderPeer>): number[] =>
  [...peers.keys()].sort((a, b) => a - b);
const bit = (value: boolean): number => (value ? 1 : 0);

/**
 * peerPlan (builder.go ~1004) for the path without joint consensus. PD takes that path only when at
 * most one peer changes (prepareBuild ~538), so the replace plans, which need two changes, never
 * apply and are left out; promote, remove and add are tried in PD's order. Undefined = PD's empty plan.
 */
export function planPeerStep(b: PlanningBuilder): StepPlan | undefined {
  const promote = sortedKeys(b.toPromote)[0];
  if (promote !== undefined)
    return { leaderBeforeAdd: 0, leaderBeforeRemove: 0, promote: b.toPromote.get(promote) };
  let best: StepPlan | undefined;
  for (const id of sortedKeys(b.toRemove)) {
    const remove = b.toRemove.get(id) as BuilderPeer;
    for (const leader of sortedKeys(b.currentPeers)) {
      if (leader !== remove.storeId && b.allowLeader(b.currentPeers.get(leader) as BuilderPeer)) {
        best = comparePlan(b, best, { leaderBeforeAdd: 0, leaderBeforeRemove: leader, remove });
      }
    }
  }
  if (best !== undefined) return best;
  for (const id of sortedKeys(b.toAdd)) {
    const add = b.toAdd.get(id) as BuilderPeer;
    for (const leader of sortedKeys(b.currentPeers)) {
      if (b.allowLeader(b.currentPeers.get(leader) as BuilderPeer)) {
        best = comparePlan(b, best, { leaderBeforeAdd: leader, leaderBeforeRemove: 0, add });
      }
    }
  }
  return best;
}

/** comparePlan with initStepPlanPreferFuncs (builder.go ~1190–1300); ties keep the earlier plan. */
function comparePlan(b: PlanningBuilder, best: StepPlan | undefined, next: StepPlan): StepPlan {
  if (best === undefined) return next;
  for (const prefer of PREFER) {
    const scoreBest = prefer(b, best);
    const scoreNext = prefer(b, next);
    if (scoreBest > scoreNext) return best;
    if (scoreBest < scoreNext) return next;
  }
  return best;
}

type Prefer = (b: PlanningBuilder, p: StepPlan) => number;

const PREFER: readonly Prefer[] = [
  // planPreferReplaceByNearest: PD's default location-labels is empty, so every plan scores 0.
  () => 0,
  // planPreferUpStoreAsLeader: do not send snapshots from an Offline store.
  (b, p) => (p.add !== undefined ? bit(b.isServing(p.leaderBeforeAdd)) : 1),
  // planPreferOldPeerAsLeader.
  (b, p) => {
    const addedAt = (storeId: number) => b.peerAddStep.get(storeId) ?? 0;
    let score = -addedAt(p.leaderBeforeAdd);
    if (p.add !== undefined && p.add.storeId === p.leaderBeforeRemove) score -= b.steps.length + 1;
    else score -= addedAt(p.leaderBeforeRemove);
    return score;
  },
  // planPreferAddOrPromoteTargetLeader.
  (b, p) => {
    if (b.targetLeader === 0) return 0;
    const addTarget =
      p.add !== undefined && p.add.role !== PeerRole.Learner && p.add.storeId === b.targetLeader;
    return bit(addTarget || p.promote?.storeId === b.targetLeader);
  },
  // planPreferTargetLeader.
  (b, p) =>
    bit(
      b.targetLeader === 0 ||
        (p.leaderBeforeRemove !== 0 && p.leaderBeforeRemove === b.targetLeader) ||
        (p.leaderBeforeRemove === 0 && p.leaderBeforeAdd === b.targetLeader),
    ),
  // planPreferLessLeaderTransfer.
  (b, p) => {
    if (p.leaderBeforeAdd === 0 || p.leaderBeforeAdd === b.currentLeader) {
      return 2 + bit(p.leaderBeforeRemove === 0 || p.leaderBeforeRemove === b.currentLeader);
    }
    return bit(p.leaderBeforeRemove === 0 || p.leaderBeforeRemove === p.leaderBeforeAdd);
  },
];
