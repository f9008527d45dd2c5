import { describe, expect, it } from 'vitest';
import { lookUpGroups } from '../../../src/core/policy/look-up-groups.js';

describe('lookUpGroups', () => {
  it('returns each user’s groups in the order asked', async () => {
    const groupsOf = async (u: string) => (u === 'U1' ? ['S1'] : ['S2', 'S3']);
    const r = await lookUpGroups(groupsOf, ['U1', 'U2'], ['S1', 'S2', 'S3'], 'U1', 'transfer_leader');
    expect(r).toEqual({ ok: true, groupIds: [['S1'], ['S2', 'S3']] });
  });

  it('denies with GROUP_LOOKUP_FAILED naming the denied user when any lookup fails, never "no groups"', async () => {
    const boom = new Error('ratelimited');
    const groupsOf = async (u: string) => {
      if (u === 'U2') throw boom;
      return [];
    };
    const r = await lookUpGroups(groupsOf, ['U1', 'U2'], ['S1'], 'U1', 'transfer_leader');
    expect(r).toEqual({
      ok: false,
      denial: { code: 'GROUP_LOOKUP_FAILED', userId: 'U1', action: 'transfer_leader' },
      remedy: { code: 'RETRY_GROUP_LOOKUP' },
      error: boom,
    });
  });
});
