import type { App, RespondFn } from '@slack/bolt';
import { clusterResolutionIssue } from '../core/cluster-issue.js';
import { describeRequest } from '../core/describe-request.js';
import type { ClusterDescriptor } from '../core/engine-cluster.js';
import { interpretCommand } from '../core/interpret-command.js';
import type { Target } from '../core/outcome.js';
import type { ClusterResolution } from '../core/resolve-cluster.js';
import { correlationIdOf } from './admit-slack-request.js';
import { clusterLabel } from './cluster-label.js';
import { signModalView } from './modal-metadata.js';
import { escapeMrkdwn, foreignText, inlineCode } from './mrkdwn.js';
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
    /** No cluster could be chosen: refused, ephemeral, listing the clusters; PD hears nothing. */
    const refuseCluster = async (resolution: ClusterResolution<ClusterDescriptor>): Promise<void> => {
      if (resolution.ok) throw new Error('refuseCluster called with a cluster');
      const issue = clusterResolutionIssue(resolution);
      log.info(
        { decision: 'invalid_input', issues: [issue], clusters: resolution.known },
        'no cluster chosen, nothing sent to PD',
      );
      await ackOnce({
        response_type: 'ephemeral',
        ...renderInvalidInput({ kind: 'invalid_input', text: command.text ?? '', issues: [issue] }),
      });
    };
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
      // The cluster this command is for: --cluster, else the channel's default, else the only one.
      const requested =
        interpretation.kind === 'ready' || interpretation.kind === 'incomplete'
          ? interpretation.flags.cluster
          : interpretation.kind === 'permissions'
            ? interpretation.cluster
            : undefined;
      const resolution = deps.engine.resolveCluster(command.channel_id, requested);
      const target = resolution.ok ? deps.engine.targetOf(resolution.cluster.name) : undefined;
      switch (interpretation.kind) {
        case 'help': {
          log.info({ decision: 'help' }, 'help shown');
          await ackOnce({
            response_type: 'ephemeral',
            ...renderHelpMessage(
              deps.registry,
              helpWhere(deps, target),
              interpretation.action,
              target?.simulated ?? false,
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
          // A name that is not a cluster is refused now; no name and no default is asked in the form.
          if (!resolution.ok && resolution.code === 'UNKNOWN_CLUSTER') {
            await refuseCluster(resolution);
            return;
          }
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
              ...(target !== undefined && { cluster: target.cluster }),
            },
            target?.endpoint ?? '',
            deps.engine.clusters,
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
          if (target === undefined) {
            await refuseCluster(resolution);
            return;
          }
          log.info(
            {
              decision: 'cluster_chosen',
              cluster: target.cluster,
              how: resolution.ok ? resolution.how : undefined,
            },
            `cluster ${target.cluster}`,
          );
          await ackOnce({
            response_type: 'ephemeral',
            // Neutral on purpose: the policy may still deny it or ask for approval.
            text: `:hourglass_flowing_sand: Working on ${foreignText(describeRequest(action, params))}${flags.dryRun ? ' (dry run)' : ''} on ${clusterLabel(target)} (PD ${escapeMrkdwn(target.endpoint)})${target.simulated ? ' [PD simulator]' : ''}…`,
          });
          await reportExecution(
            deps,
            {
              action,
              params,
              actor: { id: command.user_id, source: 'slack' },
              channelId: command.channel_id,
              cluster: target.cluster,
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
          if (!resolution.ok && resolution.code === 'UNKNOWN_CLUSTER') {
            await refuseCluster(resolution);
            return;
          }
          const message = await renderPermissionsFor(
            deps,
            command.user_id,
            command.channel_id,
            interpretation.action,
            target,
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
