import type { Metrics } from '../core/metrics/metrics.js';
import type { ReplayGuard } from './replay-guard.js';

/** The same guard, counting each request it turns away (a Slack retry or a replay) as a dedupe hit. */
export function countReplayHits(guard: ReplayGuard, metrics: Metrics): ReplayGuard {
  return {
    async claim(key, correlationId) {
      const claim = await guard.claim(key, correlationId);
      if (!claim.first) metrics.dedupeHit();
      return claim;
    },
  };
}
