import { describe, expect, it } from 'vitest';
import { InMemoryApprovalStore } from '../../src/approvals/in-memory-approval-store.js';
import { approvalStoreContract, REQUEST, T0 } from './approval-store-contract.js';

function store(now = T0) {
  let n = 0;
  return new InMemoryApprovalStore({ clock: { now: () => now }, newId: () => `ap-${++n}` });
}

describe('InMemoryApprovalStore', () => {
  approvalStoreContract(() => store());

  it('hands out frozen snapshots so callers cannot change stored approvals', async () => {
    const s = store();
    const created = await s.create(REQUEST);
    expect(Object.isFrozen(created)).toBe(true);
    expect(Object.isFrozen(created.params)).toBe(true);
  });

  it('forgets approvals a retention period after they expire', async () => {
    let now = T0;
    let n = 0;
    const s = new InMemoryApprovalStore({
      clock: { now: () => now },
      newId: () => `ap-${++n}`,
      retainMs: 60_000,
    });
    await s.create(REQUEST);
    now = new Date(REQUEST.expiresAt.getTime() + 60_001);
    await s.create({ ...REQUEST, expiresAt: new Date(now.getTime() + 1000) });
    expect(await s.get('ap-1')).toBeUndefined();
    expect(await s.get('ap-2')).toBeDefined();
  });
});
