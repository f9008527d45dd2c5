import type { App, RespondFn } from '@slack/bolt';
import { CommandFlow } from '../core/commands/command-flow.js';
import { describeRequest } from '../core/commands/describe-request.js';
import { SLASH_COMMAND } from '../core/commands/usage-line.js';
import type { Target } from '../core/engine/outcome.js';
import { correlationIdOf } from './admit-slack-request.js';
import { clusterLabel } from './cluster-label.js';
import { isDirectMessage, refusesWriteInDm, renderDmWriteRefusal } from './dm-write-rule.js';
import { signModalView } from './modal-metadata.js';
import { escapeMrkdwn, foreignText, inlineCode } from './mrkdwn.js';
import { buildParamsModal, hasRegionContext } from './params-modal.js';
import { showOpenedFormContext } from './register-form-context.js';
import { renderFormFailure } from './render-form-failure.js';
import { renderHelpMessage } from './render-help-message.js';
import { renderInvalidInput } from './render-outcome-message.js';
import { renderPermissionsFor } from './render-permissions-message.js';
import type { ReplayClaim } from './replay-guard.js';
import { reportExecution } from './report-execution.js';
import type { SlackDeps } from './slack-deps.js';
import { refusesUnsharedWrite, UNSHARED_WRITE_TEXT } from './unshared-write-refusal.js';
import { withinSlackLimits } from './within-slack-limits.js';

/**
 * `/tikv …`: every path acks first (Slack's 3 s), then does the slow part: opening the modal or
 * calling PD. Anything unexpected still ends in a reply to the user and a log line.
 */
export function registerTikvCommand(app: App, deps: SlackDeps): void {
  const flow = new CommandFlow(deps);
  app.command(SLASH_COMMAND, async ({ command, ack, respond: rawRespond, client, context }) => {
    const ctx = flow.begin({
      actor: { id: command.user_id, source: 'slack' },
      channelId: command.channel_id,
      correlationId: correlationIdOf(context, deps),
    });
    const { correlationId, log } = ctx;
    let acked = false;
    // Whatever this command says goes out through these two, bounded to Slack's limits.
    const ackOnce: typeof ack = async (response) => {
      acked = true;
      await ack(typeof response === 'object' ? withinSlackLimits(response, correlationId) : response);
    };
    const respond: RespondFn = (message) =>
      rawRespond(typeof message === 'object' ? withinSlackLimits(message, correlationId) : message);
    try {
      // Slack mints a trigger_id per invocation; the same one again is a replay or a redelivery.
      let claim: ReplayClaim = { first: true };
      if (command.trigger_id) {
        claim = await deps.replayGuard.claim(`slash_command:${command.trigger_id}`, correlationId);
        if (!claim.first) {
          log.warn(
            { decision: 'duplicate', firstCorrelationId: claim.correlationId },
            'this request was already received; not run again',
          );
          await ackOnce({
            response_type: 'ephemeral',
            text: `:repeat: This request was already received (correlation id \`${claim.correlationId}\`); it was not run again.`,
          });
          return;
        }
      }
      // A group DM's id looks like a channel's; its name (`mpdm-…`) says what it is.
      const conversation = { channelId: command.channel_id, channelName: command.channel_name };
      const step = flow.interpret(ctx, command.text ?? '');
      switch (step.kind) {
        case 'help': {
          await ackOnce({
            response_type: 'ephemeral',
            ...renderHelpMessage(
              deps.registry,
              helpWhere(deps, step.target),
              step.action,
              step.target?.simulated ?? false,
            ),
          });
          return;
        }
        case 'invalid_input': {
          await ackOnce({ response_type: 'ephemeral', ...renderInvalidInput(step.outcome) });
          return;
        }
        case 'incomplete': {
          if (refusesWriteInDm(conversation, step.action, step.flags.dryRun)) {
            log.info({ decision: 'dm_write_refused', action: step.action.name }, 'a change asked in a DM');
            await ackOnce({
              response_type: 'ephemeral',
              ...renderDmWriteRefusal(step.action, step.provided),
            });
            return;
          }
          // No cluster chosen yet (several, no default) is asked in the form, with the rest.
          await ackOnce();
          const view = buildParamsModal(
            step.action,
            step.provided,
            {
              action: step.action.name,
              channelId: command.channel_id,
              // Signed with the rest, so the submission is refused in a group DM as the command was.
              ...(isDirectMessage(conversation) && { directMessage: true }),
              userId: command.user_id,
              responseUrl: command.response_url,
              issuedAt: deps.engine.clock.now().getTime(),
              ...(step.flags.dryRun && { dryRun: true }),
              ...(step.target !== undefined && { cluster: step.target.cluster }),
            },
            step.target?.endpoint ?? '',
            deps.engine.clusters,
          );
          let opened:
            | { id?: string; hash?: string; callback_id?: string; private_metadata?: string }
            | undefined;
          try {
            opened = (
              await client.views.open({
                trigger_id: command.trigger_id,
                view: signModalView(view, deps.modalMetadataKey),
              })
            ).view;
          } catch (error) {
            const slackError = (error as { data?: { error?: string } }).data?.error ?? 'no answer';
            log.warn({ err: error, decision: 'modal_failed', slackError }, 'could not open the form');
            await respond({
              response_type: 'ephemeral',
              text: renderFormFailure(slackError, step.action, correlationId).text,
            });
            return;
          }
          log.info(
            { decision: 'modal_opened', action: step.action.name, missing: step.missing },
            'asked for missing arguments',
          );
          // A region typed on the command line: show its leader and peers without waiting for a keystroke.
          if (hasRegionContext(step.action)) {
            await showOpenedFormContext(deps, client, opened, step.provided, command.user_id);
          }
          return;
        }
        case 'ready': {
          const { request, target } = step;
          // The team must see changes: in a DM, only reads and dry runs are answered.
          if (refusesWriteInDm(conversation, request.action, request.dryRun ?? false)) {
            log.info(
              { decision: 'dm_write_refused', action: request.action.name },
              'a change asked in a DM: refused, nothing sent to PD',
            );
            flow.finished(ctx, 'dm_write_refused');
            await ackOnce({
              response_type: 'ephemeral',
              ...renderDmWriteRefusal(request.action, request.params),
            });
            return;
          }
          if (refusesUnsharedWrite(claim, request.action, request.dryRun ?? false)) {
            log.warn(
              { decision: 'redis_refused', action: request.action.name },
              'a change without the shared replay claim',
            );
            flow.finished(ctx, 'redis_refused');
            await ackOnce({ response_type: 'ephemeral', text: UNSHARED_WRITE_TEXT });
            return;
          }
          await ackOnce({
            response_type: 'ephemeral',
            // Neutral on purpose: the policy may still deny it or ask for approval.
            text: `:hourglass_flowing_sand: Working on ${foreignText(describeRequest(request.action, request.params))}${request.dryRun ? ' (dry run)' : ''} on ${clusterLabel(target)} (PD ${escapeMrkdwn(target.endpoint)})${target.simulated ? ' [PD simulator]' : ''}…`,
          });
          // Only after the ack: PD may be slow, and Slack gives a command three seconds.
          const outcome = await flow.execute(ctx, request);
          await reportExecution(deps, request, outcome, (message) => respond(message), command.response_url);
          return;
        }
        case 'permissions': {
          await ackOnce();
          const message = await renderPermissionsFor(
            deps,
            command.user_id,
            command.channel_id,
            step.action,
            step.target,
          );
          await respond({ response_type: 'ephemeral', ...message });
          return;
        }
      }
    } catch (error) {
      log.error({ err: error, decision: 'internal_error' }, 'the /tikv command failed inside the bot');
      await tellUser(acked, ackOnce, respond, correlationId).catch((replyError) =>
        log.error({ err: replyError }, 'could not tell the user about the failure'),
      );
    }
  });
}

/** Help names the cluster this channel's commands go to, or the clusters to choose from. */
function helpWhere(deps: SlackDeps, target: Target | undefined): string {
  if (target !== undefined && deps.engine.clusters.length === 1) return escapeMrkdwn(target.endpoint);
  const choices = deps.engine.clusters.map((c) =>
    clusterLabel({ cluster: c.name, production: c.production }),
  );
  const here = target !== undefined ? `here ${clusterLabel(target)}; ` : '';
  return `${here}clusters ${choices.join(', ')}, chosen with ${inlineCode('--cluster NAME')}`;
}

async function tellUser(
  acked: boolean,
  ack: (r: { response_type: 'ephemeral'; text: string }) => Promise<void>,
  respond: RespondFn,
  correlationId: string,
): Promise<void> {
  const text = `:boom: tikv-chatops hit an internal error (correlation id \`${correlationId}\`). The details are in the bot's log.`;
  if (!acked) await ack({ response_type: 'ephemeral', text });
  else await respond({ response_type: 'ephemeral', text });
}
