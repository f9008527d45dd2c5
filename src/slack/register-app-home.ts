import type { App, BlockAction } from '@slack/bolt';
import { buildHomeView } from './build-home-view.js';
import { handleHomeClick } from './handle-home-click.js';
import { HOME_ACTION_PREFIX } from './home-button-value.js';
import { registerHomeRunModal } from './register-home-run-modal.js';
import type { SlackDeps } from './slack-deps.js';

/**
 * App Home: published for the viewer on every open of the Home tab (`app_home_opened`), from reads
 * that are cached and shared per cluster. Opening Home writes no audit record: it changes nothing
 * and is not anyone's request to PD; each open is one log line (`home_published`) and each PD read
 * behind it one more (`home_read`). Buttons on Home run through the same command flow as `/tikv`.
 */
export function registerAppHome(app: App, deps: SlackDeps): void {
  const home = deps.home;
  if (home === undefined) return;
  app.event('app_home_opened', async ({ event, client }) => {
    // The Messages tab opens the DM, which answers typed commands; only the Home tab is drawn.
    if (event.tab !== 'home') return;
    const correlationId = deps.newCorrelationId();
    const log = deps.logger.child({ correlationId, user: event.user });
    const started = deps.engine.clock.monotonic();
    try {
      const { view, input } = await buildHomeView(
        deps,
        home,
        { userId: event.user, ...(event.channel !== undefined && { dmChannelId: event.channel }) },
        correlationId,
      );
      await client.views.publish({ user_id: event.user, view });
      log.info(
        {
          decision: 'home_published',
          blocks: view.blocks.length,
          clusters: input.clusters.map(({ name, overview, hidden }) =>
            overview === undefined
              ? { name, hidden }
              : {
                  name,
                  stores: overview.stores.ok ? 'ok' : overview.stores.problem.code,
                  drains: overview.drains.ok ? overview.drains.value.length : overview.drains.problem.code,
                },
          ),
          approvals: input.approvals.ok ? input.approvals.approvals.length : input.approvals.reason,
          durationMs: Math.round(deps.engine.clock.monotonic() - started),
        },
        'App Home published',
      );
    } catch (error) {
      log.error({ err: error, decision: 'home_failed' }, 'App Home could not be published');
    }
  });
  app.action<BlockAction>(new RegExp(`^${HOME_ACTION_PREFIX}`), async (args) => {
    await args.ack();
    await handleHomeClick(deps, args);
  });
  registerHomeRunModal(app, deps);
}
