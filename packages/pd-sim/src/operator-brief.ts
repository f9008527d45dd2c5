import { goUintList, type PeersMap, sortedIds } from './builder-peer.js';

export interface BriefInput {
  readonly toAdd: PeersMap;
  readonly toRemove: PeersMap;
  readonly toPromote: PeersMap;
  readonly toDemote: PeersMap;
  readonly targetLeaders: readonly number[];
  readonly originLeader: number;
  readonly targetLeader: number;
}

/**
 * Builder.brief() (builder.go ~551–581). peersMap.String() ranges over a Go map, so PD's order of
 * several stores varies; the simulator prints them ascending, one of PD's possible outputs.
 */
export function operatorBrief(b: BriefInput): string {
  const list = (peers: PeersMap) => goUintList(sortedIds(peers));
  const { toAdd, toRemove, toPromote, toDemote } = b;
  if (toAdd.size > 0 && toRemove.size > 0) return `mv peer: store ${list(toRemove)} to ${list(toAdd)}`;
  if (toAdd.size > 0) return `add peer: store ${list(toAdd)}`;
  // (sic) PD prints the removed stores after "promote peer" and the promoted ones after "rm peer".
  if (toRemove.size > 0 && toPromote.size > 0)
    return `promote peer: store ${list(toRemove)}, rm peer: store ${list(toPromote)}`;
  if (toRemove.size > 0 && toDemote.size > 0)
    return `demote peer: store ${list(toDemote)}, rm peer: store ${list(toRemove)}`;
  if (toRemove.size > 0) return `rm peer: store ${list(toRemove)}`;
  if (toPromote.size > 0) return `promote peer: store ${list(toPromote)}`;
  if (toDemote.size > 0) return `demote peer: store ${list(toDemote)}`;
  if (b.targetLeaders.length !== 0) {
    return `evict leader: from store ${b.originLeader} to one in ${goUintList(b.targetLeaders)}, or to ${b.targetLeader} (for compatibility)`;
  }
  if (b.originLeader !== b.targetLeader)
    return `transfer leader: store ${b.originLeader} to ${b.targetLeader}`;
  return '';
}
