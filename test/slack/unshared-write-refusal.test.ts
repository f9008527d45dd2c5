import { describe, expect, it } from 'vitest';
import { refusesUnsharedWrite } from '../../src/slack/unshared-write-refusal.js';

describe('a change without the shared replay claim', () => {
  const write = { mutating: true };
  const read = { mutating: false };
  const local = { first: true, localOnly: true } as const;
  const shared = { first: true } as const;

  it('is refused when only this replica could check for a replay', () => {
    expect(refusesUnsharedWrite(local, write, false)).toBe(true);
  });

  it('still lets reads and dry runs through: they change nothing if run twice', () => {
    expect(refusesUnsharedWrite(local, read, false)).toBe(false);
    expect(refusesUnsharedWrite(local, write, true)).toBe(false);
  });

  it('runs when the claim was shared (Redis answered) or there is no shared store at all', () => {
    expect(refusesUnsharedWrite(shared, write, false)).toBe(false);
  });
});
