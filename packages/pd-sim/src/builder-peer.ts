import { PeerRole, type PeerRoleNumber } from './region-table.js';

/** A peer as the builder sees it; id 0 means "allocate one when the plan needs it", as in PD. */
export interface BuilderPeer {
  readonly id: number;
  readonly storeId: number;
  readonly role: PeerRoleNumber;
}

export type PeersMap = Map<number, BuilderPeer>;

export const isLearner = (peer: BuilderPeer): boolean => peer.role === PeerRole.Learner;
export const inJointState = (peer: BuilderPeer): boolean =>
  peer.role === PeerRole.IncomingVoter || peer.role === PeerRole.DemotingVoter;

/** peersMap.IDs(): store ids in ascending order, the order every PD loop over peers uses. */
export function sortedIds(peers: PeersMap): number[] {
  return [...peers.keys()].sort((a, b) => a - b);
}

/** `%v` of a []uint64, as peersMap.String() and the evict brief print it: `[1 3]`. */
export function goUintList(ids: readonly number[]): string {
  return `[${ids.join(' ')}]`;
}

const ROLE_NAMES = ['Voter', 'Learner', 'IncomingVoter', 'DemotingVoter'];

/** gogoproto CompactTextString of a metapb.Peer (zero fields omitted, trailing space). */
export function peerText(peer: BuilderPeer): string {
  let text = '';
  if (peer.id) text += `id:${peer.id} `;
  text += `store_id:${peer.storeId} `;
  if (peer.role !== PeerRole.Voter) text += `role:${ROLE_NAMES[peer.role] ?? peer.role} `;
  return text;
}
