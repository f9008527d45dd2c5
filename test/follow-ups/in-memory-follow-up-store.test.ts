import { describe, expect, it } from 'vitest';
import { InMemoryFollowUpStore } from '../../src/follow-ups/in-memory-follow-up-store.js';
import { followUpStoreContract, NEW_FOLLOW_UP } from './follow-up-store-contract.js';

describe('InMemoryFollowUpStore', () => {
  followUpStoreContract(() => new InMemoryFollowUpStore());

  it('forgets the oldest ended follow-ups past keepEnded, never an active one', async () => {
    let n = 0;
    const store = new InMemoryFollowUpStore({ keepEnded: 2, newId: () => `f${++n}` });
    const active = await store.create(NEW_FOLLOW_UP);
    for (let i = 0; i < 3; i++) {
      const f = await store.create(NEW_FOLLOW_UP);
      await store.transition(f.id, 'following', 'succeeded');
    }
    expect(await store.get('f2')).toBeUndefined();
    expect(await store.get('f3')).toBeDefined();
    expect(await store.get(active.id)).toBeDefined();
  });
});
