import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Outcome } from '../core/engine/outcome.js';
import { buildHomeView } from './build-home-view.js';
import type { SlackDeps } from './slack-deps.js';

/** The one Web API call a redraw makes (views.publish), from Bolt's client. */
export type HomePublisher = Pick<App['client'], 'views'>;

/**
 * Draws the clicker's Home again after a change submitted from it has run, so its drains, the
 * operators the bot follows and the approvals waiting show what just happened. Cheap: the cluster's
 * cached PD overview is dropped only when PD accepted the change (one O(stores) read, shared with
 * anyone opening Home then); every other cluster comes from the cache. Called after the result is
 * posted, and never throws: a Home that could not be drawn is a log line, not a lost result.
 */
export async function redrawHome(
  deps: SlackDeps,
  client: HomePublisher,
  viewer: { readonly userId: string; readonly dmChannelId?: string },
  run: { readonly cluster: string; readonly outcome: Outcome; readonly correlationId: string },
  log: Logger,
): Promise<void> {
  const home = deps.home;
  if (home === undefined) return;
  const { cluster, outcome, correlationId } = run;
  try {
    if (outcome.kind === 'ok') home.overview.forget?.(cluster);
    const { view } = await buildHomeView(deps, home, viewer, correlationId);
    await client.views.publish({ user_id: viewer.userId, view });
    log.info(
      { decision: 'home_redrawn', outcome: outcome.kind, cluster, forgotCache: outcome.kind === 'ok' },
      'App Home drawn again after a change from it',
    );
  } catch (error) {
    log.warn(
      { err: error, decision: 'home_redraw_failed' },
      'App Home could not be drawn again; the result stands',
    );
  }
}
