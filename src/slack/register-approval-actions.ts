import type { App, BlockButtonAction } from '@slack/bolt';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID, renderApprovalDecision } from './render-approval-message.js';
import type { SlackDeps } from './slack-deps.js';

/**
 * Every button the bot ever posts goes through this one prefixed listener, so a stale or unknown
 * button is still acked (Bolt never acks unmatched actions) and answered.
 */
export function registerApprovalActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(/^tikv:/, async ({ ack, body, action, respond }) => {
    await ack();
    const log = deps.logger.child({
      user: body.user.id,
      actionId: action.action_id,
      approvalId: action.value,
    });
    const kind =
      action.action_id === APPROVE_ACTION_ID
        ? 'approve'
        : action.action_id === REJECT_ACTION_ID
          ? 'reject'
          : undefined;
    try {
      if (kind === undefined || action.value === undefined) {
        log.warn({ decision: 'unknown_button' }, 'a button this version does not know');
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'This button is from an older version of the bot and does nothing now.',
        });
        return;
      }
      const result = await deps.approvals.click({ approvalId: action.value, kind, by: body.user.id });
      if (result.kind === 'refused') {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: `:no_entry: Not done: ${result.reason}.`,
        });
        return;
      }
      const message = renderApprovalDecision(
        result.approval,
        result.request,
        deps.engine.target,
        result.outcome,
      );
      await respond({ replace_original: true, ...message });
    } catch (error) {
      log.error({ err: error, decision: 'internal_error' }, 'approval click failed inside the bot');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':boom: tikv-chatops hit an internal error handling that click; the details are in its log.',
      }).catch((replyError) => log.error({ err: replyError }, 'could not tell the user about the failure'));
    }
  });
}
