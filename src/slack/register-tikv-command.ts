import type { App, RespondFn } from '@slack/bolt';
import { describeRequest } from '../core/describe-request.js';
import { interpretCommand } from '../core/interpret-command.js';
import { correlationIdOf } from './admit-slack-request.js';
import { signModalView } from './modal-metadata.js';
import { foreignText } from './mrkdwn.js';
import { buildParamsModal } from './params-modal.js';
import { renderFormFailure } from './render-form-failure.js';
import { renderHelpMessage } from './render-help-message.js';
import { renderInvalidInput } from './render-outcome-message.js';
import { renderPermissionsFor } from './render-permissions-message.js';
import { reportExecution } from './report-execution.js';
import type { SlackDeps } from './slack-deps.js';
import { withinSlackLimits } from './within-slack-limits.js';

export const COMMAND = '/tikv';

/**
 * `/tikv …`: every path acks first (Slack's 3 s), then does the slow part: opening the modal or
 * calling PD. Anything unexpected still ends in a reply to the user and a log line.
 */
export function registerTikvCommand(app: App, deps: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack, respond: rawRespond, client, context }) => {
    const correlationId = correlationIdOf(context, deps);
    const log = deps.logger.child({ correlationId, user: command.user_id, channel: command.channel_id });
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
      if (command.trigger_id) {
        const claim = await deps.replayGuard.claim(`slash_command:${command.trigger_id}`, correlationId);
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
      const interpretation = interpretCommand(command.text ?? '', deps.registry);
      switch (interpretation.kind) {
        case 'help': {
          log.info({ decision: 'help' }, 'help shown');
          await ackOnce({
            response_type: 'ephemeral',
            ...renderHelpMessage(
              deps.registry,
              deps.engine.target.endpoint,
              interpretation.action,
              deps.engine.target.simulated,
            ),
          });
          return;
        }
        case 'invalid': {
          log.info(
            { decision: 'invalid_input', text: interpretation.text, issues: interpretation.issues },
            'invalid input, nothing sent to PD',
          );
          await ackOnce({
            response_type: 'ephemeral',
            ...renderInvalidInput({ ...interpretation, kind: 'invalid_input' }),
          });
          return;
        }
        case 'incomplete': {
          await ackOnce();
          const view = buildParamsModal(
            interpretation.action,
            interpretation.provided,
            {
              action: interpretation.action.name,
              channelId: command.channel_id,
              userId: command.user_id,
              responseUrl: command.response_url,
              issuedAt: deps.engine.clock.now().getTime(),
              ...(interpretation.flags.dryRun && { dryRun: true }),
            },
            deps.engine.target.endpoint,
          );
          try {
            await client.views.open({
              trigger_id: command.trigger_id,
              view: signModalView(view, deps.modalMetadataKey),
            });
          } catch (error) {
            const slackError = (error as { data?: { error?: string } }).data?.error ?? 'no answer';
            log.warn({ err: error, decision: 'modal_failed', slackError }, 'could not open the form');
            await respond({
              response_type: 'ephemeral',
              text: renderFormFailure(slackError, interpretation.action, correlationId).text,
            });
            return;
          }
          log.info(
            { decision: 'modal_opened', action: interpretation.action.name, missing: interpretation.missing },
            'asked for missing arguments',
          );
          return;
        }
        case 'ready': {
          const { action, params, flags } = interpretation;
          await ackOnce({
            response_type: 'ephemeral',
            // Neutral on purpose: the policy may still deny it or ask for approval.
            text: `:hourglass_flowing_sand: Working on ${foreignText(describeRequest(action, params))}${flags.dryRun ? ' (dry run)' : ''} for PD ${deps.engine.target.endpoint}${deps.engine.target.simulated ? ' [PD simulator]' : ''}…`,
          });
          await reportExecution(
            deps,
            {
              action,
              params,
              actor: { id: command.user_id, source: 'slack' },
              channelId: command.channel_id,
              correlationId,
              dryRun: flags.dryRun,
            },
            (message) => respond(message),
            command.response_url,
          );
          return;
        }
        case 'permissions': {
          await ackOnce();
          const message = await renderPermissionsFor(
            deps,
            command.user_id,
            command.channel_id,
            interpretation.action,
          );
          log.info({ decision: 'permissions' }, 'permissions shown');
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
