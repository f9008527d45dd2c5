import type { CommandFlow } from '../core/commands/command-flow.js';
import { PAGE_PARAMETER } from './page-buttons.js';
import { reportExecution } from './report-execution.js';
import { parseShareValue } from './share-button.js';
import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';

export interface PageClick {
  readonly userId: string;
  readonly channelId?: string;
  readonly value?: string;
  readonly correlationId: string;
  /**
   * Slack's key for this click (its trigger_id, else action_ts): the same key again is a replayed
   * or re-delivered click and runs nothing.
   */
  readonly replayKey?: string;
  /** The clicked message is the clicker's own ephemeral view: the new page replaces it. */
  readonly clickedEphemeral: boolean;
  readonly respond: (message: ResponseUrlMessage) => Promise<unknown>;
  readonly tellClicker: (message: SlackMessage) => Promise<unknown>;
}

/**
 * Previous / Next on a paged view: the same read again with another page, for the person who
 * clicked only, through the same flow as the typed `stores page=N` (validation, cluster choice,
 * policy, audit). On their own private view the page replaces it; on a view shared in the channel
 * the page comes as a new private message, so one person paging never changes what the channel sees.
 * Only a read-only action with a `page` parameter is paged; anything else is refused before PD.
 */
export async function handlePageClick(deps: SlackDeps, flow: CommandFlow, click: PageClick): Promise<void> {
  const ctx = flow.begin({
    actor: { id: click.userId, source: 'slack' },
    ...(click.channelId !== undefined && { channelId: click.channelId }),
    correlationId: click.correlationId,
  });
  if (click.replayKey !== undefined) {
    const claim = await deps.replayGuard.claim(`page_click:${click.replayKey}`, click.correlationId);
    if (!claim.first) {
      ctx.log.warn(
        { decision: 'replay_ignored', firstCorrelationId: claim.correlationId },
        'a page click already handled arrived again; not run again',
      );
      return;
    }
  }
  const value = parseShareValue(click.value);
  const action = value !== undefined ? deps.registry.get(value.a) : undefined;
  if (
    value === undefined ||
    action === undefined ||
    action.mutating ||
    action.parameters[PAGE_PARAMETER]?.type !== 'page'
  ) {
    ctx.log.warn({ decision: 'page_refused', value: click.value?.slice(0, 200) }, 'not a paged view');
    await click.tellClicker({
      text: ':no_entry: Not shown: this button does not describe a paged view this bot knows.',
      blocks: [],
    });
    return;
  }
  const step = flow.submit(ctx, { action, raw: value.p, cluster: value.c, dryRun: false });
  if (step.kind !== 'ready') {
    ctx.log.warn({ decision: 'page_refused', action: action.name }, 'the paged view is no longer valid');
    await click.tellClicker({
      text: ':no_entry: Not shown: the view can no longer be run as it was.',
      blocks: [],
    });
    return;
  }
  // Private like the view it came from, whoever shared that view.
  const request = { ...step.request, share: false };
  ctx.log.info(
    { decision: 'page', action: action.name, cluster: request.cluster, page: request.params[PAGE_PARAMETER] },
    'a paged view is run again for another page, for the person who clicked',
  );
  const outcome = await flow.execute(ctx, request);
  await reportExecution(deps, request, outcome, (message) =>
    click.respond({ ...message, replace_original: click.clickedEphemeral }),
  );
}
