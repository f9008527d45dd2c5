import type { App } from '@slack/bolt';
import { CommandFlow } from '../core/commands/command-flow.js';
import { admitFormSubmission } from './admit-form-submission.js';
import { correlationIdOf } from './admit-slack-request.js';
import { isDirectMessage } from './dm-write-rule.js';
import { formFieldErrors } from './form-field-errors.js';
import { HOME_CHANNEL_BLOCK_ID, HOME_RUN_CALLBACK_ID, parseHomeRunMetadata } from './home-run-modal.js';
import { verifyModalMetadata } from './modal-metadata.js';
import { readClusterChoice, readModalValues, readPreviewChoice, VALUE_ACTION_ID } from './params-modal.js';
import { redrawHome } from './redraw-home.js';
import { reportExecution } from './report-execution.js';
import type { SlackDeps } from './slack-deps.js';

interface ResponseUrlEntry {
  readonly block_id?: string;
  readonly channel_id?: string;
  readonly response_url?: string;
}

/**
 * The form a Home button opened, submitted: checked as any form (signed metadata, fields, cluster),
 * run in the chosen channel as if `/tikv` was typed there (its policy, approval and audit), and
 * answered through the response_url Slack minted for that channel. Once per view id.
 */
export function registerHomeRunModal(app: App, deps: SlackDeps): void {
  const flow = new CommandFlow(deps);
  app.view(HOME_RUN_CALLBACK_ID, async ({ ack, body, view, context, client }) => {
    const correlationId = correlationIdOf(context, deps);
    const log = deps.logger.child({ correlationId, user: body.user.id });
    const signed = verifyModalMetadata(view.private_metadata, deps.modalMetadataKey);
    const metadata = signed.ok ? parseHomeRunMetadata(signed.payload) : undefined;
    const action = metadata !== undefined ? deps.registry.get(metadata.action) : undefined;
    if (metadata === undefined || action === undefined) {
      log.warn(
        { decision: 'form_refused', code: signed.ok ? 'UNKNOWN_FORM' : signed.error.code },
        'Home form not signed by this bot or out of date, nothing sent to PD',
      );
      await ack({
        response_action: 'errors',
        errors: {
          [HOME_CHANNEL_BLOCK_ID]:
            'This form could not be verified or is out of date. Close it and open it again from Home.',
        },
      });
      return;
    }
    const values = view.state.values as Record<
      string,
      Record<string, { selected_conversation?: string | null }>
    >;
    const urls = ((body as { response_urls?: ResponseUrlEntry[] }).response_urls ?? []).filter(
      (u) => u.block_id === HOME_CHANNEL_BLOCK_ID,
    );
    const channelId =
      values[HOME_CHANNEL_BLOCK_ID]?.[VALUE_ACTION_ID]?.selected_conversation ?? urls[0]?.channel_id;
    const responseUrl = urls.find((u) => u.channel_id === channelId)?.response_url;
    if (channelId == null || responseUrl === undefined || isDirectMessage({ channelId })) {
      await ack({
        response_action: 'errors',
        errors: { [HOME_CHANNEL_BLOCK_ID]: 'Choose a channel: changes run where the team sees them.' },
      });
      return;
    }
    const ctx = flow.begin({ actor: { id: body.user.id, source: 'slack' }, channelId, correlationId });
    const step = flow.submit(ctx, {
      action,
      raw: readModalValues(action, view.state.values as never),
      cluster: readClusterChoice(view.state.values as never) ?? metadata.cluster,
      dryRun: readPreviewChoice(view.state.values as never),
    });
    if (step.kind === 'invalid_input') {
      await ack({ response_action: 'errors', errors: formFieldErrors(action, step.outcome.issues) });
      return;
    }
    const admission = await admitFormSubmission(deps, log, view.id, correlationId, step.request);
    if (!admission.run) {
      await ack(admission.ack);
      return;
    }
    await ack();
    ctx.log.info({ decision: 'home_form_submitted', action: action.name }, 'a Home form runs in the channel');
    const outcome = await flow.execute(ctx, step.request);
    await reportExecution(
      deps,
      step.request,
      outcome,
      (message) => deps.postToResponseUrl(responseUrl, message),
      responseUrl,
    );
    // Only once the result is out: Home shows the drain or operator it started (reads change nothing).
    // A denial or a refused request changed nothing there, so Home stays as it is.
    const changed = outcome.kind === 'ok' || outcome.kind === 'needs_approval';
    if (action.mutating && step.request.dryRun !== true && changed) {
      await redrawHome(
        deps,
        client,
        { userId: body.user.id, ...(metadata.dm !== undefined && { dmChannelId: metadata.dm }) },
        { cluster: step.request.cluster, outcome, correlationId },
        ctx.log,
      );
    }
  });
}
