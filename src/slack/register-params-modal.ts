import type { App } from '@slack/bolt';
import { CommandFlow } from '../core/commands/command-flow.js';
import { admitFormSubmission } from './admit-form-submission.js';
import { correlationIdOf } from './admit-slack-request.js';
import { refusesWriteInDm } from './dm-write-rule.js';
import { firstFieldBlockId, formFieldErrors } from './form-field-errors.js';
import { verifyModalMetadata } from './modal-metadata.js';
import {
  FORM_MAX_AGE_MS,
  PARAMS_MODAL_CALLBACK_ID,
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
  const flow = new CommandFlow(deps);
  app.view(PARAMS_MODAL_CALLBACK_ID, async ({ ack, body, view, context }) => {
    // Channel unknown until the signed metadata is read: the first lines name the user only.
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
      const firstBlock = firstFieldBlockId(action);
      await ack({
        response_action: 'errors',
        errors: {
          [firstBlock]:
            'This form was opened more than 25 minutes ago, too long for Slack to post its result. Close it and run the command again.',
        },
      });
      return;
    }
    // The submitter, not whoever opened the form: that is who pressed Run.
    const ctx = flow.begin({
      actor: { id: body.user.id, source: 'slack' },
      channelId: metadata.channelId,
      correlationId,
    });
    const raw = readModalValues(
      action,
      view.state.values as Record<string, Record<string, { value?: string | null }>>,
    );
    const step = flow.submit(ctx, {
      action,
      raw,
      // The form's cluster select, else the cluster it was opened for.
      ...withCluster(readClusterChoice(view.state.values as never) ?? metadata.cluster),
      dryRun: (metadata.dryRun ?? false) || readPreviewChoice(view.state.values as never),
    });
    if (step.kind === 'invalid_input') {
      await ack({ response_action: 'errors', errors: formFieldErrors(action, step.outcome.issues) });
      return;
    }
    // A form opened in a DM for a preview, with "Preview only" then unticked, is still a change there.
    const conversation = {
      channelId: metadata.channelId,
      // Only the opening command saw the channel's name; it signed what that name said.
      ...(metadata.directMessage === true && { channelName: 'directmessage' }),
    };
    if (refusesWriteInDm(conversation, action, step.request.dryRun ?? false)) {
      log.info(
        { decision: 'dm_write_refused', action: action.name },
        'a change submitted from a DM, nothing sent to PD',
      );
      await ack({
        response_action: 'errors',
        errors: {
          [firstFieldBlockId(action)]:
            'Changes run in a channel so the team sees them: run /tikv there. Nothing was sent to PD.',
        },
      });
      return;
    }
    const admission = await admitFormSubmission(deps, log, view.id, correlationId, step.request);
    if (!admission.run) {
      await ack(admission.ack);
      return;
    }
    await ack();
    const outcome = await flow.execute(ctx, step.request);
    await reportExecution(
      deps,
      step.request,
      outcome,
      (message) => deps.postToResponseUrl(metadata.responseUrl, message),
      metadata.responseUrl,
      new Date(metadata.issuedAt),
    );
  });
}

function withCluster(cluster: string | undefined): { cluster?: string } {
  return cluster !== undefined ? { cluster } : {};
}
