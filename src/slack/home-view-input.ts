import type { ActionDefinition } from '../core/actions/action-definition.js';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import type { ApprovalsAwaiting } from '../core/home/approvals-awaiting.js';
import type { ClusterOverview } from '../core/home/cluster-overview.js';

export interface HomeCluster {
  readonly name: string;
  readonly production: boolean;
  readonly simulated: boolean;
  readonly endpoint: string;
  /** Absent when the viewer may not read this cluster (`hidden` says why). */
  readonly overview?: ClusterOverview;
  /** NOT_GRANTED / GROUP_LOOKUP_FAILED: the policy; PD_SLOW: PD had not answered when Home was drawn. */
  readonly hidden?: 'NOT_GRANTED' | 'GROUP_LOOKUP_FAILED' | 'PD_SLOW';
}

export interface HomeViewInput {
  readonly viewerId: string;
  readonly now: Date;
  readonly clusters: readonly HomeCluster[];
  /** Undefined when this bot has no follow-up store wired: Home then says nothing is followed. */
  readonly followUps?: { readonly ok: true; readonly items: readonly FollowUp[] } | { readonly ok: false };
  readonly approvals: ApprovalsAwaiting;
  /** Actions offered in each cluster's "Run an action…" menu. */
  readonly actions: readonly ActionDefinition[];
  /** How long Home's PD numbers may be cached, said on the page so nobody mistakes them for live. */
  readonly cacheSeconds: number;
  /** Kept in private_metadata: where a Home read's answer is posted (the app's DM with the viewer). */
  readonly dmChannelId?: string;
}
