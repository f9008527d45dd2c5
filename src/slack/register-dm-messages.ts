import type { App } from '@slack/bolt';
import { CommandFlow } from '../core/commands/command-flow.js';
import { validateParams } from '../core/commands/validate-params.js';
import type { Target } from '../core/engine/outcome.js';
import { clusterLabel } from './cluster-label.js';
import { dmMessageText } from './dm-message-text.js';
import { refusesWriteInDm, renderDmWriteRefusal } from './dm-write-rule.js';
import { escapeMrkdwn, inlineCode } from './mrkdwn.js';
import { renderHelpMessage } from './render-help-message.js';
import { renderInvalidInput, renderOutcomeMessage } from './render-outcome-message.js';
import { renderPermissionsFor } from './render-permissions-message.js';
import type { SlackDeps } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';
import { withinSlackLimits } from './within-slack-limits.js';

interface DmEvent {
  readonly type?: string;
  readonly channel?: string;
  readonly channel_type?: string;
  readonly user?: string;
  readonly text?: string;
  /** Set on a reply in a thread: the thread's parent. */
  readonly thread_ts?: string;
  readonly subtype?: string;
  readonly bot_id?: string;
}

/**
 * A message typed in the app's DM is answered like the command it spells (`stores`, `region 42`,
 * `help`, `/tikv whoami`), through the same command flow as `/tikv`: reads are answered in the DM,
 * changes are refused there with the command to type in a channel, and nothing reaches PD for them.
 * Edits, deletions, bot posts (the bot's own answers included) are ignored; an event Slack delivers
 * again (a retry after a slow ack, a Socket Mode redelivery) is recognised by its event_id and
 * answered once.
 */
export function registerDmMessages(app: App, deps: SlackDeps): void {
  const flow = new CommandFlow(deps);
  app.event('message', async ({ event, body, context }) => {
    const message = event as DmEvent;
    if (message.channel_type !== 'im' || message.channel === undefined) return;
    const ignored =
      message.subtype !== undefined
        ? `subtype ${message.subtype}`
        : message.bot_id !== undefined
          ? 'a bot posted it'
          : message.user === undefined || message.user === context.botUserId
            ? 'the bot posted it'
            : undefined;
    if (ignored !== undefined) {
      deps.logger.debug(
        { decision: 'dm_ignored', why: ignored, channel: message.channel },
        'DM event ignored',
      );
      return;
    }
    const channelId = message.channel;
    const userId = message.user as string;
    const correlationId = deps.newCorrelationId();
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      const claim = await deps.replayGuard.claim(`event:${eventId}`, correlationId);
      if (!claim.first) {
        deps.logger.warn(
          {
            decision: 'duplicate',
            eventId,
            firstCorrelationId: claim.correlationId,
            retryNum: context.retryNum,
            retryReason: context.retryReason,
          },
          'this DM was already answered; not run again',
        );
        return;
      }
    }
    const ctx = flow.begin({ actor: { id: userId, source: 'slack' }, channelId, correlationId });
    // A message typed in a thread is answered in that thread, where the person is reading.
    const threadTs = message.thread_ts;
    const reply = async (answer: SlackMessage) => {
      await deps.postViaWebApi(
        { channelId, ...(threadTs !== undefined && { threadTs }) },
        withinSlackLimits(answer, correlationId),
      );
    };
    try {
      const step = flow.interpret(ctx, dmMessageText(message.text ?? ''));
      switch (step.kind) {
        case 'help':
          await reply(
            renderHelpMessage(
              deps.registry,
              helpWhere(deps, step.target),
              step.action,
              step.target?.simulated,
            ),
          );
          return;
        case 'invalid_input':
          await reply(renderInvalidInput(step.outcome));
          return;
        case 'permissions':
          await reply(await renderPermissionsFor(deps, userId, channelId, step.action, step.target));
          return;
        case 'incomplete': {
          if (refusesWriteInDm({ channelId }, step.action, step.flags.dryRun)) {
            ctx.log.info(
              { decision: 'dm_write_refused', action: step.action.name },
              'a change asked in a DM',
            );
            await reply(renderDmWriteRefusal(step.action, step.provided));
            return;
          }
          // No form here (a message carries no trigger to open one): name what is missing instead.
          const checked = validateParams(step.action, step.provided);
          const refused = flow.refuseIncomplete(ctx, step, checked.ok ? [] : checked.issues);
          await reply(renderInvalidInput(refused.outcome));
          return;
        }
        case 'ready': {
          const { request } = step;
          if (refusesWriteInDm({ channelId }, request.action, request.dryRun ?? false)) {
            ctx.log.info(
              { decision: 'dm_write_refused', action: request.action.name },
              'a change asked in a DM: refused, nothing sent to PD',
            );
            flow.finished(ctx, 'dm_write_refused');
            await reply(renderDmWriteRefusal(request.action, request.params));
            return;
          }
          const outcome = await flow.execute(ctx, request);
          await reply(renderOutcomeMessage(outcome));
          return;
        }
      }
    } catch (error) {
      ctx.log.error({ err: error, decision: 'internal_error' }, 'a DM command failed inside the bot');
      await reply({
        text: `:boom: tikv-chatops hit an internal error (correlation id \`${correlationId}\`). The details are in the bot's log.`,
        blocks: [],
      }).catch((replyError) => ctx.log.error({ err: replyError }, 'could not answer the DM'));
    }
  });
}

/** Help names the cluster a DM command goes to, or the clusters to choose from. */
function helpWhere(deps: SlackDeps, target: Target | undefined): string {
  if (target !== undefined && deps.engine.clusters.length === 1) return escapeMrkdwn(target.endpoint);
  const choices = deps.engine.clusters.map((c) =>
    clusterLabel({ cluster: c.name, production: c.production }),
  );
  return `clusters ${choices.join(', ')}, chosen with ${inlineCode('--cluster NAME')}`;
}
