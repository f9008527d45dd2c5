import type { ReadResult } from '../../core/actions/action-plan.js';
import type { PdError } from '../../core/pd/pd-errors.js';
import type { RegionPeers } from '../../core/stores/store-directory.js';
import { readRegionPeers } from './read-region-peers.js';

/** What PD's checkStoreState lets through (handler.go ~732–744), in words for a warning. */
const PD_CHECKS = 'PD refuses a target only when it is unknown, Tombstone or silent for more than 10 minutes';

/** transfer-peer: PD accepts Offline and Disconnected targets, and the move then stalls. */
const PEER_TARGET_WARNINGS: Readonly<Record<string, string>> = {
  Offline: `it is Offline (being removed). ${PD_CHECKS}, so PD will accept the move, but the operator will likely time out`,
  Disconnected: `it is Disconnected (no heartbeat for over 20 s). ${PD_CHECKS}, so PD may accept the move, but the operator will likely time out`,
  Down: `it is Down (no heartbeat for a long time). ${PD_CHECKS}, so PD will most likely refuse it as unhealthy`,
  Tombstone: `it is Tombstone (removed). ${PD_CHECKS}, so PD will refuse it`,
};

/** transfer-leader: PD's leader filter refuses every target that is not a healthy Up store (pd-api.md §1.1). */
const LEADER_TARGET_WARNING =
  'PD refuses a leader on a store that is not Up ("target leader is not allowed")';

/** What is known about the target store: its state, or that PD does not list it, or nothing. */
export type StoreFact =
  | { readonly kind: 'known'; readonly stateName: string; readonly evicting: boolean }
  /** PD answered 404 for it, or `GET /stores` (which leaves Tombstone out) does not list it. */
  | { readonly kind: 'not_listed'; readonly how: string }
  | { readonly kind: 'unread'; readonly why: string };

export type RegionFact =
  | { readonly kind: 'known'; readonly region: RegionPeers }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'unread'; readonly why: string };

export interface MoveFacts {
  readonly action: 'transfer_leader' | 'transfer_peer';
  readonly regionId: number;
  /** Absent while a form has no target yet: only the region is described. */
  readonly toStoreId?: number;
  readonly fromStoreId?: number;
  readonly store?: StoreFact;
  readonly region: RegionFact;
}

export interface Findings {
  readonly notes: string[];
  readonly warnings: string[];
}

/** PD's role_name values (pd-api.md §5.1), as the region line names them. */
const ROLE_PLURALS: Readonly<Record<string, string>> = {
  Voter: 'voters',
  Learner: 'learners',
  IncomingVoter: 'incoming voters',
  DemotingVoter: 'demoting voters',
};

/** "leader on store 2; voters on 2, 3, 4; learners on 7 (down)". */
export function describeRegion(region: RegionPeers): string {
  const leader = region.leaderStoreId !== undefined ? `leader on store ${region.leaderStoreId}` : 'NO LEADER';
  const byRole = new Map<string, string[]>();
  for (const peer of region.peers) {
    const marks = [peer.down ? 'down' : '', peer.pending ? 'pending' : ''].filter((m) => m !== '');
    const text = `${peer.storeId}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
    const role = ROLE_PLURALS[peer.role] ?? `${peer.role.slice(0, 20)} peers`;
    byRole.set(role, [...(byRole.get(role) ?? []), text]);
  }
  const roles = [...byRole].map(([role, stores]) => `${role} on ${stores.join(', ')}`);
  return [leader, ...roles].join('; ');
}

/**
 * The one judgement of a leader or peer move's target, for the form (before submit) and the dry run
 * alike: warnings never block, PD's answer stays the judge. Pure: the callers read PD.
 */
export function moveTargetFindings(facts: MoveFacts): Findings {
  const notes: string[] = [];
  const warnings: string[] = [];
  const target = `Target store ${facts.toStoreId}`;
  const { region, store } = facts;
  if (region.kind === 'known') {
    notes.push(`Region ${facts.regionId}: ${describeRegion(region.region)}.`);
  } else if (region.kind === 'not_found') {
    warnings.push(`PD does not know region ${facts.regionId}, so PD will refuse the move.`);
  } else {
    warnings.push(`Region ${facts.regionId} could not be read (${region.why}); its peers are not checked.`);
  }
  if (facts.toStoreId === undefined || store === undefined) {
    if (region.kind === 'known') warnings.push(...sourceWarnings(facts, region.region));
    return { notes, warnings };
  }
  if (store.kind === 'known') {
    if (facts.action === 'transfer_peer') {
      const known = PEER_TARGET_WARNINGS[store.stateName];
      if (store.stateName === 'Up') notes.push(`${target} is Up.`);
      else if (known !== undefined) warnings.push(`${target}: ${known}.`);
      else warnings.push(unknownState(target, store.stateName));
    } else if (store.stateName === 'Up') {
      notes.push(`${target} is Up.`);
    } else {
      warnings.push(`${target} is ${store.stateName.slice(0, 40)}: ${LEADER_TARGET_WARNING}.`);
    }
    if (store.evicting) {
      warnings.push(
        facts.action === 'transfer_leader'
          ? `${target} is under evict-leader (being drained): PD refuses to move a leader there; undrain-store it first.`
          : `${target} is under evict-leader (being drained): the new peer can be added, but it will not take leaders until the store is undrained.`,
      );
    }
  } else if (store.kind === 'not_listed') {
    warnings.push(`${target} ${store.how}, so PD will refuse the move.`);
  } else {
    warnings.push(`${target}'s state could not be read (${store.why}); check it is Up before running.`);
  }
  if (region.kind === 'known') {
    warnings.push(
      ...targetWarnings(facts, facts.toStoreId, region.region),
      ...sourceWarnings(facts, region.region),
    );
  }
  return { notes, warnings };
}

function targetWarnings(facts: MoveFacts, toStoreId: number, region: RegionPeers): string[] {
  const onTarget = region.peers.find((p) => p.storeId === toStoreId);
  const out: string[] = [];
  if (facts.action === 'transfer_leader') {
    if (region.leaderStoreId === toStoreId) {
      out.push(`Store ${toStoreId} already leads region ${facts.regionId}: there is nothing to move.`);
    } else if (onTarget === undefined) {
      out.push(
        `Store ${toStoreId} holds no peer of region ${facts.regionId}, so PD will refuse it ("region has no voter in store ${toStoreId}").`,
      );
    } else if (onTarget.role !== 'Voter' && onTarget.role !== 'IncomingVoter') {
      out.push(
        `Store ${toStoreId} holds a ${onTarget.role} of region ${facts.regionId}, not a voter, so PD will refuse it.`,
      );
    }
  } else if (onTarget !== undefined) {
    out.push(
      `Store ${toStoreId} already holds a peer of region ${facts.regionId}, so PD will refuse the move.`,
    );
  }
  return out;
}

function sourceWarnings(facts: MoveFacts, region: RegionPeers): string[] {
  const out: string[] = [];
  if (
    facts.action === 'transfer_peer' &&
    facts.fromStoreId !== undefined &&
    !region.peers.some((p) => p.storeId === facts.fromStoreId)
  ) {
    out.push(
      `Source store ${facts.fromStoreId} holds no peer of region ${facts.regionId}, so PD will refuse the move.`,
    );
  }
  return out;
}

function unknownState(target: string, stateName: string): string {
  return `${target} is in a state this check does not know (${stateName.slice(0, 40)}); check it is Up before running.`;
}

/** The dry run's `GET /store/{id}` as a StoreFact. */
export function storeFactFromRead(read: ReadResult | undefined): StoreFact {
  if (read === undefined) return { kind: 'unread', why: 'not read' };
  if (!read.ok) {
    const { error } = read;
    if (error.code === 'PD_HTTP_ERROR' && error.status === 404) {
      return { kind: 'not_listed', how: 'is not known to PD (it answered 404)' };
    }
    return { kind: 'unread', why: describe(error) };
  }
  try {
    const parsed = JSON.parse(read.response.rawBody) as {
      store?: { state_name?: unknown };
      status?: { pause_leader_transfer_in?: unknown };
    } | null;
    const stateName = parsed?.store?.state_name;
    if (typeof stateName === 'string') {
      return { kind: 'known', stateName, evicting: parsed?.status?.pause_leader_transfer_in === true };
    }
  } catch {
    // Not a StoreInfo: said below.
  }
  return { kind: 'unread', why: "PD's answer is not a store" };
}

/** The dry run's `GET /region/id/{id}` as a RegionFact (PD's three "not found" forms included). */
export function regionFactFromRead(read: ReadResult | undefined): RegionFact {
  if (read === undefined) return { kind: 'unread', why: 'not read' };
  if (!read.ok) {
    const { error } = read;
    if (error.code === 'PD_HTTP_ERROR' && error.status === 404) return { kind: 'not_found' };
    return { kind: 'unread', why: describe(error) };
  }
  const region = readRegionPeers(read.response.rawBody);
  if (region === 'not_found') return { kind: 'not_found' };
  if (region === undefined) return { kind: 'unread', why: "PD's answer is not a region" };
  return { kind: 'known', region };
}

function describe(error: PdError): string {
  return error.code === 'PD_HTTP_ERROR' ? `PD answered HTTP ${error.status}` : error.code;
}
