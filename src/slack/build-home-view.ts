import type { types } from '@slack/bolt';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import { approvalsAwaiting } from '../core/home/approvals-awaiting.js';
import type { AppHomeDeps } from './app-home-deps.js';
import { type HomeCluster, type HomeViewInput, renderHomeView } from './home-view.js';
import type { SlackDeps } from './slack-deps.js';

/** How long an open waits for one cluster's PD by default; Slack users expect Home at once. */
export const HOME_WAIT_MS = 2500;

/** Follow-ups shown per open: the active ones and the most recent that ended. */
const RECENT_FOLLOW_UPS = 30;

/**
 * Everything one viewer's Home shows, read concurrently: each cluster's overview (through the
 * cache, so a crowd costs one PD read per cluster), the follow-ups, and the approvals this viewer
 * could decide. No part failing stops the others; each says what it could not read.
 */
export async function buildHomeView(
  deps: Pick<SlackDeps, 'engine' | 'registry' | 'logger'>,
  home: AppHomeDeps,
  viewer: { readonly userId: string; readonly dmChannelId?: string },
  correlationId: string,
): Promise<{ view: types.HomeView; input: HomeViewInput }> {
  const { engine } = deps;
  const clusters = engine.clusters;
  const [overviews, followUps, approvals] = await Promise.all([
    Promise.all(clusters.map((c) => readIfAllowed(deps, home, viewer, c.name, correlationId))),
    readFollowUps(home, deps),
    approvalsAwaiting({
      store: home.approvals,
      viewerId: viewer.userId,
      policy: engine.policy(),
      groupsOf: (userId, candidates) => engine.groupsOf(userId, candidates),
      now: engine.clock.now(),
    }),
  ]);
  const input: HomeViewInput = {
    viewerId: viewer.userId,
    now: engine.clock.now(),
    clusters: clusters.map((c, i) => ({
      name: c.name,
      production: c.production,
      simulated: c.simulated,
      endpoint: engine.targetOf(c.name)?.endpoint ?? '',
      ...(overviews[i] as (typeof overviews)[number]),
    })),
    ...(followUps !== undefined && { followUps }),
    approvals,
    actions: deps.registry.list(),
    cacheSeconds: home.cacheSeconds,
    ...(viewer.dmChannelId !== undefined && { dmChannelId: viewer.dmChannelId }),
  };
  return { view: renderHomeView(input), input };
}

/**
 * Home shows a cluster's stores only to someone who may run `stores` there: with the policy's
 * `read_only_actions: granted`, reads are granted like changes, and Home must not be a way around it.
 * The reads themselves are shared (cached), so the check is per viewer and the PD cost is not.
 */
async function readIfAllowed(
  deps: Pick<SlackDeps, 'engine' | 'registry'>,
  home: AppHomeDeps,
  viewer: { readonly userId: string; readonly dmChannelId?: string },
  cluster: string,
  correlationId: string,
): Promise<Pick<HomeCluster, 'overview' | 'hidden'>> {
  const stores = deps.registry.get('stores');
  if (stores !== undefined) {
    const decision = await deps.engine.authorize(viewer.userId, viewer.dmChannelId, {
      action: stores,
      params: {},
      cluster,
    });
    if (!decision.allowed) {
      return {
        hidden: decision.denial.code === 'GROUP_LOOKUP_FAILED' ? 'GROUP_LOOKUP_FAILED' : 'NOT_GRANTED',
      };
    }
  }
  const read = home.overview.read(cluster, correlationId);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), home.waitMs ?? HOME_WAIT_MS);
  });
  try {
    const first = await Promise.race([read, late]);
    return first === 'late' ? { hidden: 'PD_SLOW' } : { overview: first };
  } finally {
    clearTimeout(timer);
  }
}

async function readFollowUps(
  home: AppHomeDeps,
  deps: Pick<SlackDeps, 'logger'>,
): Promise<HomeViewInput['followUps']> {
  if (home.followUps === undefined) return undefined;
  try {
    const [active, recent] = await Promise.all([
      home.followUps.listActive(),
      home.followUps.listRecent(RECENT_FOLLOW_UPS),
    ]);
    // Active first (newest first), then the recently ended; each follow-up once.
    const seen = new Set<string>();
    const items: FollowUp[] = [];
    for (const f of [...[...active].sort(newestFirst), ...recent]) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      items.push(f);
    }
    return { ok: true, items };
  } catch (error) {
    deps.logger.warn(
      { err: error, decision: 'home_follow_ups_failed' },
      'App Home could not read follow-ups',
    );
    return { ok: false };
  }
}

function newestFirst(a: FollowUp, b: FollowUp): number {
  return b.startedAt.getTime() - a.startedAt.getTime();
}
