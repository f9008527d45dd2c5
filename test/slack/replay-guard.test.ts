import { describe, expect, it } from 'vitest';
import { InMemoryReplayGuard, REPLAY_TTL_MS } from '../../src/slack/replay-guard.js';
import { replayGuardContract } from './replay-guard-contract.js';

function guard(maxKeys?: number) {
  let now = 0;
  const g = new InMemoryReplayGuard({
    clock: { monotonic: () => now },
    ...(maxKeys !== undefined && { maxKeys }),
  });
  return { g, advance: (ms: number) => (now += ms) };
}

describe('InMemoryReplayGuard', () => {
  replayGuardContract(() => guard().g);

  it('remembers a key for longer than the 5-minute signature window', async () => {
    expect(REPLAY_TTL_MS).toBeGreaterThan(5 * 60_000);
    const { g, advance } = guard();
    await g.claim('k', 'c1');
    advance(REPLAY_TTL_MS - 1);
    expect((await g.claim('k', 'c2')).first).toBe(false);
    advance(1);
    expect(await g.claim('k', 'c3')).toEqual({ first: true });
  });

  it('forgets expired keys, so memory follows the request rate, not the uptime', async () => {
    const { g, advance } = guard();
    for (let i = 0; i < 100; i++) await g.claim(`k${i}`, 'c');
    advance(REPLAY_TTL_MS);
    await g.claim('fresh', 'c');
    expect(g.size).toBe(1);
  });

  it('stays within its bound under a flood, dropping the oldest key and counting it', async () => {
    const { g } = guard(3);
    for (const k of ['a', 'b', 'c', 'd']) await g.claim(k, k);
    expect(g.size).toBe(3);
    expect(g.evictedEarly).toBe(1);
    expect((await g.claim('d', 'x')).first).toBe(false);
    expect((await g.claim('a', 'x')).first).toBe(true);
  });
});
