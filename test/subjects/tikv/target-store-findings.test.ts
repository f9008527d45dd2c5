import { describe, expect, it } from 'vitest';
import type { RegionPeers } from '../../../src/core/stores/store-directory.js';
import { moveTargetFindings } from '../../../src/subjects/tikv/target-store-findings.js';

const REGION: RegionPeers = {
  id: 42,
  leaderStoreId: 2,
  peers: [
    { storeId: 4, role: 'Voter', down: false, pending: false },
    { storeId: 2, role: 'Voter', down: false, pending: false },
    { storeId: 3, role: 'DemotingVoter', down: true, pending: true },
  ],
};
const known = { kind: 'known' as const, region: REGION };
const up = { kind: 'known' as const, stateName: 'Up', evicting: false };

describe('moveTargetFindings: the one judgement the form and the dry run share', () => {
  it('describes the region alone while the form has no target yet', () => {
    expect(moveTargetFindings({ action: 'transfer_leader', regionId: 42, region: known })).toEqual({
      notes: ['Region 42: leader on store 2; voters on 4, 2; demoting voters on 3 (down, pending).'],
      warnings: [],
    });
  });

  it('transfer-leader: a demoting voter is not a voter, and a store PD does not list is refused', () => {
    expect(
      moveTargetFindings({ action: 'transfer_leader', regionId: 42, toStoreId: 3, store: up, region: known })
        .warnings,
    ).toEqual(['Store 3 holds a DemotingVoter of region 42, not a voter, so PD will refuse it.']);
    expect(
      moveTargetFindings({
        action: 'transfer_peer',
        regionId: 42,
        toStoreId: 9,
        fromStoreId: 4,
        store: { kind: 'not_listed', how: 'is not among the stores PD lists (unknown, or Tombstone)' },
        region: known,
      }).warnings,
    ).toEqual([
      'Target store 9 is not among the stores PD lists (unknown, or Tombstone), so PD will refuse the move.',
    ]);
  });

  it('transfer-peer onto a drained store: allowed, with a word on leaders', () => {
    const findings = moveTargetFindings({
      action: 'transfer_peer',
      regionId: 42,
      toStoreId: 1,
      fromStoreId: 4,
      store: { kind: 'known', stateName: 'Up', evicting: true },
      region: known,
    });
    expect(findings.warnings).toEqual([
      'Target store 1 is under evict-leader (being drained): the new peer can be added, but it will not take leaders until the store is undrained.',
    ]);
  });

  it('says what it could not read, never guessing', () => {
    expect(
      moveTargetFindings({
        action: 'transfer_leader',
        regionId: 42,
        toStoreId: 4,
        store: { kind: 'unread', why: 'PD_SLOW' },
        region: { kind: 'unread', why: 'PD answered HTTP 503' },
      }).warnings,
    ).toEqual([
      'Region 42 could not be read (PD answered HTTP 503); its peers are not checked.',
      "Target store 4's state could not be read (PD_SLOW); check it is Up before running.",
    ]);
  });
});
