import type { CommandFlow } from '../core/commands/command-flow.js';
import { reportExecution } from './report-execution.js';
import { parseShareValue } from './share-button.js';
import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';

export interface ShareClick {
  readonly userId: string;
  readonly channelId?: string;
  readonly value?: string;
  readonly correlationId: string;
  /** The click's response_url: a new message (replace_original false), so the private view stays. */
  readonly respond: (message: ResponseUrlMessage) => Promise<unknown>;
  readonly tellClicker: (message: SlackMessage) => Promise<unknown>;
}

/**
 * Share in channel: runs the same read-only view again for the person who clicked, through the
 * same flow as a typed command (validation, cluster choice, policy, audit), and posts it for the
 * channel. Re-running rather than re-posting the stored table: the channel sees PD as of now,
 * and a forged button value can never make the bot post something PD did not say. Only a
 * read-only action can be shared this way; anything else is refused before PD is called.
 */
export async function handleShareClick(deps: SlackDeps, flow: CommandFlow, click: ShareClick): Promise<void> {
  const ctx = flow.begin({
    actor: { id: click.userId, source: 'slack' },
    ...(click.channelId !== undefined && { channelId: click.channelId }),
    correlationId: click.correlationId,
  });
  const value = parseShareValue(click.value);
  const action = value !== undefined ? deps.registry.get(value.a) : undefined;
  if (value === undefined || action === undefined || action.mutating) {
    ctx.log.warn({ decision: 'share_refused', value: click.value?.slice(0, 200) }, 'not a shareable view');
    await click.tellClicker({
      text: ':no_entry: Not shared: this button does not describe a read-only view this bot knows.',
      blocks: [],
    });
    return;
  }
  const step = flow.submit(ctx, { action, raw: value.p, cluster: value.c, dryRun: false });
  if (step.kind !== 'ready') {
    ctx.log.warn({ decision: 'share_refused', action: action.name }, 'the shared view is no longer valid');
    await click.tellClicker({
      text: ':no_entry: Not shared: the view can no longer be run as it was.',
      blocks: [],
    });
    return;
  }
  const request = { ...step.request, share: true };
  ctx.log.info(
    { decision: 'share', action: action.name, cluster: request.cluster, sharedBy: click.userId },
    'a private view is run again and posted for the channel',
  );
  const outcome = await flow.execute(ctx, request);
  await reportExecution(deps, request, outcome, (message) =>
    click.respond({ ...message, replace_original: false }),
  );
}
