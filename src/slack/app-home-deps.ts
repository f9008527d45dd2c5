import type { ApprovalStore } from '../core/approvals/approval-store.js';
import type { FollowUpStore } from '../core/follow-ups/follow-up-store.js';
import type { ClusterOverviewSource } from '../core/home/cluster-overview.js';

/** What App Home reads, wired by the composition root. */
export interface AppHomeDeps {
  /** Per-cluster PD reads, cached and single-flight (OverviewCache) so every open is cheap. */
  readonly overview: ClusterOverviewSource;
  /** The cache's TTL, said on the page. */
  readonly cacheSeconds: number;
  /**
   * How long an open waits for a cluster's PD before drawing Home without it (default 2,500 ms): a
   * PD that hangs until its timeout must not hold every other cluster's numbers back. The read goes
   * on and fills the cache for the next open.
   */
  readonly waitMs?: number;
  /** Pending approvals, to list those the viewer could decide. */
  readonly approvals: Pick<ApprovalStore, 'listPending'>;
  /** Operators and drains the bot follows; Home leaves the section out when none is wired. */
  readonly followUps?: Pick<FollowUpStore, 'listActive' | 'listRecent'>;
}
