import { type BuilderPeer, type PeersMap, sortedIds } from './builder-peer.js';

/** What the leader choice reads from the builder in progress. */
export interface LeaderChoiceState {
  readonly currentLeader: number;
  readonly toPromote: PeersMap;
  readonly peerAddStep: ReadonlyMap<number, number>;
  allowLeader(peer: BuilderPeer): boolean;
  isServing(storeId: number): boolean;
}

/**
 * setTargetLeaderIfNotExist (builder.go ~662–721) for a builder without a target leader: among the
 * target peers that may lead, prefer an Up store, the current leader, a peer that stays a voter, an old
 * peer (preferLeaderRoleAsLeader is always a tie: no expected roles here); on a full tie the lower leader
 * count, then leader size, wins (LeaderScore with weight 1). 0 when no peer may lead.
 */
export function chooseTargetLeader(
  b: LeaderChoiceState,
  targetPeers: PeersMap,
  scores: { readonly leaderCount: Int32Array; readonly leaderSize: Float64Array },
): number {
  const prefer: ((storeId: number) => number)[] = [
    (id) => (b.isServing(id) ? 1 : 0),
    (id) => (id === b.currentLeader ? 1 : 0),
    (id) => (b.toPromote.has(id) ? 0 : 1),
    (id) => -(b.peerAddStep.get(id) ?? 0),
  ];
  let target = 0;
  for (const candidate of sortedIds(targetPeers)) {
    if (!b.allowLeader(targetPeers.get(candidate) as BuilderPeer)) continue;
    if (target === 0) {
      target = candidate;
      continue;
    }
    let indistinguishable = true;
    for (const f of prefer) {
      const best = f(target);
      const next = f(candidate);
      if (best < next) target = candidate;
      if (best !== next) {
        indistinguishable = false;
        break;
      }
    }
    if (!indistinguishable) continue;
    const countTarget = scores.leaderCount[target] ?? 0;
    const countCandidate = scores.leaderCount[candidate] ?? 0;
    if (countTarget > countCandidate) target = candidate;
    else if (
      countTarget === countCandidate &&
      (scores.leaderSize[target] ?? 0) > (scores.leaderSize[candidate] ?? 0)
    ) {
      target = candidate;
    }
  }
  return target;
}
