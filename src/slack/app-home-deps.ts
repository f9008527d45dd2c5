import type { ApprovalStore } from '../core/approvals/approval-store.js';
import type { FollowUpStore } from '../core/follow-ups/follow-up-store.js';
import type { ClusterOverviewSource } from '../core/home/cluster-overview.js';

/** What App Home reads, wired by the composition root. */
export interface AppHomeDeps {
  /** Per-cluster PD reads, cached and single-flight (OverviewCache) so every open is cheap. */
  readonly overview: ClusterOverviewSource;
  /** The cache's TTL, said on the page. */
  readonly cacheSeconds: number;
  /** Pending approvals, to list those the viewer could decide. */
  readonly approvals: Pick<ApprovalStore, 'listPending'>;
  /** Operators and drains the bot follows; Home leaves the section out when none is wired. */
  readonly followUps?: Pick<FollowUpStore, 'listActive' | 'listRecent'>;
}
