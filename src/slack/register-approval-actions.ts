import type { App, BlockButtonAction } from '@slack/bolt';
import { wordApprovalRefusal } from '../core/approvals/word-approval-refusal.js';
import { CommandFlow } from '../core/commands/command-flow.js';
import { deliverMessage } from './deliver-message.js';
import { deliveryRoutes, type ReplyPlace } from './delivery-routes.js';
import { followApprovedWrite } from './follow-up-delivery.js';
import { handlePageClick } from './handle-page-click.js';
import { handleShareClick } from './handle-share-click.js';
import { handleUndoClick } from './handle-undo-click.js';
import { PAGE_ACTION_PREFIX } from './page-buttons.js';
import { renderApprovalDecision } from './render-approval-message.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from './render-approval-request.js';
import { SHARE_ACTION_ID } from './share-button.js';
import { SLACK_APPROVAL_WORDS } from './slack-denial-words.js';
import type { SlackDeps } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';
import { UNDO_ACTION_ID, undoButtonsFor } from './undo-button.js';
import { settleUndoOrigin } from './undo-origin.js';

/**
 * Every button the bot ever posts goes through this one prefixed listener, so a stale or unknown
 * button is still acked (Bolt never acks unmatched actions) and answered. Answers go through the
 * same delivery chain as command replies: PD may have acted, so the channel must hear it.
 */
export function registerApprovalActions(app: App, deps: SlackDeps): void {
  const flow = new CommandFlow(deps);
  app.action<BlockButtonAction>(/^tikv:/, async ({ ack, body, action, respond }) => {
    await ack();
    const log = deps.logger.child({
      user: body.user.id,
      actionId: action.action_id,
      // Only an approval button's value is an approval id (an undo button's is a signed request).
      ...(action.action_id !== UNDO_ACTION_ID && { approvalId: action.value }),
    });
    const container = body.container as {
      message_ts?: unknown;
      channel_id?: unknown;
      is_ephemeral?: unknown;
    };
    const channelId = body.channel?.id ?? str(container.channel_id);
    const requestTs =
      container.is_ephemeral === true ? undefined : (str(container.message_ts) ?? body.message?.ts);
    const place: ReplyPlace = {
      respond: (message) => respond(message),
      ...(channelId !== undefined && { channelId }),
      userId: body.user.id,
    };
    let correlationId = deps.newCorrelationId();
    const tellClicker = (message: SlackMessage) =>
      deliverMessage(
        deps,
        deliveryRoutes(deps, 'ephemeral', place),
        { response_type: 'ephemeral', replace_original: false, ...message },
        { ...place, correlationId },
      );
    const kind =
      action.action_id === APPROVE_ACTION_ID
        ? 'approve'
        : action.action_id === REJECT_ACTION_ID
          ? 'reject'
          : undefined;
    try {
      if (action.action_id === SHARE_ACTION_ID) {
        await handleShareClick(deps, flow, {
          userId: body.user.id,
          ...(channelId !== undefined && { channelId }),
          ...(action.value !== undefined && { value: action.value }),
          correlationId,
          respond: (message) => respond(message),
          tellClicker,
        });
        return;
      }
      if (action.action_id.startsWith(PAGE_ACTION_PREFIX)) {
        const replayKey = str(body.trigger_id) ?? str(action.action_ts);
        await handlePageClick(deps, flow, {
          userId: body.user.id,
          ...(channelId !== undefined && { channelId }),
          ...(action.value !== undefined && { value: action.value }),
          ...(replayKey !== undefined && { replayKey }),
          clickedEphemeral: container.is_ephemeral === true,
          correlationId,
          respond: (message) => respond(message),
          tellClicker,
        });
        return;
      }
      if (action.action_id === UNDO_ACTION_ID) {
        // Slack mints a trigger_id per click; a replayed request or a redelivered envelope repeats it.
        const actionTs = (action as { action_ts?: unknown }).action_ts;
        const message = body.message as { text?: unknown; blocks?: unknown } | undefined;
        await handleUndoClick(deps, flow, {
          userId: body.user.id,
          ...(channelId !== undefined && { channelId }),
          ...(action.value !== undefined && { value: action.value }),
          correlationId,
          replayKey:
            str(body.trigger_id) ??
            `${channelId ?? '?'}:${requestTs ?? '?'}:${str(actionTs) ?? '?'}:${body.user.id}`,
          ...(requestTs !== undefined && { messageTs: requestTs }),
          ...(str((body as { response_url?: unknown }).response_url) !== undefined && {
            responseUrl: str((body as { response_url?: unknown }).response_url),
          }),
          ...(message !== undefined &&
            Array.isArray(message.blocks) && {
              message: {
                blocks: message.blocks,
                ...(typeof message.text === 'string' && { text: message.text }),
              },
            }),
          respond: (reply) => respond(reply),
          tellClicker,
        });
        return;
      }
      if (kind === undefined || action.value === undefined) {
        log.warn({ decision: 'unknown_button' }, 'a button this version does not know');
        await tellClicker({
          text: 'This button is from an older version of the bot and does nothing now.',
          blocks: [],
        });
        return;
      }
      // A click carries the request message's ts, which a response_url post never returns: kept so
      // that expiry, after the response_url's 30 minutes, can still edit the message.
      if (channelId !== undefined && requestTs !== undefined) {
        await deps.approvals.attachMessage(action.value, { channelId, ts: requestTs });
      }
      const result = await deps.approvals.click({ approvalId: action.value, kind, by: body.user.id });
      if (result.approval !== undefined) correlationId = result.approval.correlationId;
      if (result.kind === 'refused') {
        const why = wordApprovalRefusal(result.refusal, SLACK_APPROVAL_WORDS);
        await tellClicker({ text: `:no_entry: Not done: ${why}.`, blocks: [] });
        return;
      }
      const decision = renderApprovalDecision(
        result.approval,
        result.request,
        result.outcome !== undefined && 'target' in result.outcome ? result.outcome.target : result.target,
        result.outcome,
      );
      // An approved write PD accepted gets its Cancel or Undrain, as when it runs without approval.
      const message =
        result.outcome?.kind === 'ok' && result.request.action.mutating
          ? { ...decision, blocks: [...decision.blocks, ...undoButtonsFor(deps, result.request)] }
          : decision;
      await deliverMessage(
        deps,
        deliveryRoutes(deps, 'in_channel', {
          ...place,
          ...(requestTs !== undefined && { replaceTs: requestTs }),
        }),
        { response_type: 'in_channel', replace_original: true, ...message },
        { ...place, correlationId, approvalId: result.approval.id },
      );
      await followApprovedWrite(deps, result.request, result.outcome, message, {
        ...(channelId !== undefined && { channelId }),
        ...(requestTs !== undefined && { ts: requestTs }),
      });
      // An approved Cancel or Undrain: its button comes off the result it sat under.
      await settleUndoOrigin(deps, result.approval, result.outcome);
    } catch (error) {
      log.error(
        { err: error, decision: 'internal_error', correlationId },
        'approval click failed inside the bot',
      );
      const storeDown = (error as { code?: unknown } | undefined)?.code === 'SHARED_STORE_UNAVAILABLE';
      await tellClicker({
        text: storeDown
          ? `:no_entry: The shared store (Redis) is unreachable, so this click could not be handled. If the request above shows no result, nothing was run: click again once Redis is back (correlation id \`${correlationId}\`).`
          : `:boom: tikv-chatops hit an internal error handling that click (correlation id \`${correlationId}\`); the details are in its log.`,
        blocks: [],
      }).catch((replyError) => log.error({ err: replyError }, 'could not tell the user about the failure'));
    }
  });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
