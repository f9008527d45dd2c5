import { describe, expect, it } from 'vitest';
import type { ReplayGuard } from '../../src/slack/replay-guard.js';

/**
 * The ReplayGuard contract, for every implementation (in memory, Redis): call it from a describe
 * block with a factory that returns a guard that has seen no key. Expiry is each implementation's
 * own test: memory follows the injected clock, Redis its own TTL.
 */
export function replayGuardContract(makeGuard: () => Promise<ReplayGuard> | ReplayGuard): void {
  describe('ReplayGuard contract', () => {
    it('lets a key through once and names the first request on every repeat', async () => {
      const g = await makeGuard();
      expect(await g.claim('slash_command:T1', 'corr1')).toEqual({ first: true });
      expect(await g.claim('slash_command:T1', 'corr2')).toEqual({ first: false, correlationId: 'corr1' });
      expect(await g.claim('slash_command:T1', 'corr3')).toEqual({ first: false, correlationId: 'corr1' });
      expect(await g.claim('slash_command:T2', 'corr4')).toEqual({ first: true });
    });

    it('lets exactly one of many simultaneous claims of one key win, and names the winner', async () => {
      const g = await makeGuard();
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => g.claim('k', `c${i}`)));
      const winner = claims.findIndex((c) => c.first);
      expect(claims.filter((c) => c.first)).toHaveLength(1);
      for (const c of claims) if (!c.first) expect(c.correlationId).toBe(`c${winner}`);
    });
  });
}
