import type { App } from '@slack/bolt';
import { clusterResolutionIssue } from '../core/cluster-issue.js';
import { validateParams } from '../core/validate-params.js';
import { correlationIdOf } from './admit-slack-request.js';
import { verifyModalMetadata } from './modal-metadata.js';
import {
  CLUSTER_BLOCK_ID,
  FORM_MAX_AGE_MS,
  PARAMS_MODAL_CALLBACK_ID,
  paramBlockId,
  parseModalMetadata,
  readClusterChoice,
  readModalValues,
  readPreviewChoice,
} from './params-modal.js';
import { reportExecution } from './report-execution.js';
import type { SlackDeps } from './slack-deps.js';

/**
 * Submission of the generated form. Validation is synchronous so inline errors go back in the ack
 * (Slack only accepts `response_action: errors` there); the PD call happens after the modal closes.
 */
export function registerParamsModal(app: App, deps: SlackDeps): void {
  app.view(PARAMS_MODAL_CALLBACK_ID, async ({ ack, body, view, context }) => {
    const correlationId = correlationIdOf(context, deps);
    const log = deps.logger.child({ correlationId, user: body.user.id });
    const firstInput = view.blocks.find((b) => b.type === 'input')?.block_id ?? 'param';
    const signed = verifyModalMetadata(view.private_metadata, deps.modalMetadataKey);
    if (!signed.ok) {
      // Channel, issue time and response_url come from the bot's own signature or not at all.
      log.warn(
        { decision: 'form_refused', code: signed.error.code },
        'form metadata not signed by this bot, nothing sent to PD',
      );
      await ack({
        response_action: 'errors',
        errors: {
          [firstInput]:
            'This form could not be verified (it was changed, or opened by another bot). Close it and run the command again.',
        },
      });
      return;
    }
    const metadata = parseModalMetadata(signed.payload);
    const action = metadata ? deps.registry.get(metadata.action) : undefined;
    if (!metadata || !action) {
      // private_metadata holds a response_url, which lets anyone post in the channel: not logged.
      log.warn(
        { decision: 'invalid_input', action: metadata?.action },
        'modal from an unknown action or version',
      );
      await ack({
        response_action: 'errors',
        errors: {
          [firstInput]: 'This form is out of date (the bot was updated). Close it and run the command again.',
        },
      });
      return;
    }
    if (deps.engine.clock.now().getTime() - metadata.issuedAt > FORM_MAX_AGE_MS) {
      log.info({ decision: 'form_expired', action: action.name }, 'form too old, nothing sent to PD');
      const firstBlock = paramBlockId(Object.keys(action.parameters)[0] ?? 'param');
      await ack({
        response_action: 'errors',
        errors: {
          [firstBlock]:
            'This form was opened more than 25 minutes ago, too long for Slack to post its result. Close it and run the command again.',
        },
      });
      return;
    }
    const raw = readModalValues(
      action,
      view.state.values as Record<string, Record<string, { value?: string | null }>>,
    );
    const result = validateParams(action, raw);
    if (!result.ok) {
      const errors: Record<string, string> = {};
      for (const issue of result.issues) {
        const key = paramBlockId(issue.field ?? Object.keys(action.parameters)[0] ?? 'param');
        errors[key] = errors[key] ? `${errors[key]}; ${issue.message}` : issue.message;
      }
      log.info(
        { decision: 'invalid_input', action: action.name, issues: result.issues },
        'modal rejected, nothing sent to PD',
      );
      await ack({ response_action: 'errors', errors });
      return;
    }
    const resolution = deps.engine.resolveCluster(
      metadata.channelId,
      readClusterChoice(view.state.values as never) ?? metadata.cluster,
    );
    if (!resolution.ok) {
      const issue = clusterResolutionIssue(resolution);
      log.info(
        { decision: 'invalid_input', action: action.name, issues: [issue] },
        'no cluster chosen, nothing sent to PD',
      );
      await ack({ response_action: 'errors', errors: { [CLUSTER_BLOCK_ID]: issue.message } });
      return;
    }
    // Accepted once per form: the same view id again is a replay or a redelivery (a form answered
    // with inline errors keeps its view id, so this is claimed only here, on acceptance).
    const claim = await deps.replayGuard.claim(`view_submission:${view.id}`, correlationId);
    if (!claim.first) {
      log.warn(
        { decision: 'duplicate', firstCorrelationId: claim.correlationId },
        'this form was already submitted; not run again',
      );
      await ack();
      return;
    }
    await ack();
    await reportExecution(
      deps,
      {
        action,
        params: result.params,
        // The submitter, not whoever opened the form: that is who pressed Run.
        actor: { id: body.user.id, source: 'slack' },
        channelId: metadata.channelId,
        cluster: resolution.cluster.name,
        correlationId,
        dryRun: (metadata.dryRun ?? false) || readPreviewChoice(view.state.values as never),
      },
      (message) => deps.postToResponseUrl(metadata.responseUrl, message),
      metadata.responseUrl,
    );
  });
}
