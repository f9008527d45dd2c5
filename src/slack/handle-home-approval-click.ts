import { commandName } from '../core/actions/action-definition.js';
import { wordApprovalRefusal } from '../core/approvals/word-approval-refusal.js';
import { deliverMessage } from './deliver-message.js';
import { deliveryRoutes } from './delivery-routes.js';
import { inlineCode } from './mrkdwn.js';
import { renderApprovalDecision } from './render-approval-message.js';
import { SLACK_APPROVAL_WORDS } from './slack-denial-words.js';
import type { SlackDeps } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';
import { settleUndoOrigin } from './undo-origin.js';

/** Slack honours a response_url for 30 minutes; a margin for clock skew and slow requests. */
const RESPONSE_URL_LIFE_MS = 29 * 60_000;

export interface HomeApprovalClick {
  readonly approvalId: string;
  readonly kind: 'approve' | 'reject';
  readonly userId: string;
  /** Where the clicker hears how it went: the app's DM with them (Home has no channel). */
  readonly dmChannelId: string;
  readonly correlationId: string;
}

/**
 * Approve or Reject pressed on Home: the same ApprovalService.click as the buttons on the request
 * message (the policy as it is now, no self-approval, compare-and-set so one approval is one PD
 * call), then the request message in its channel is replaced with the decision and PD's answer,
 * by the same routes as expiry uses: its response_url while it lives, chat.update by ts, or a new
 * message. The clicker is told in the DM; a refusal goes only there.
 */
export async function handleHomeApprovalClick(deps: SlackDeps, click: HomeApprovalClick): Promise<void> {
  const tell = (message: SlackMessage) =>
    deps
      .postViaWebApi({ channelId: click.dmChannelId }, message)
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, correlationId: click.correlationId }, 'could not answer a Home click'),
      );
  const result = await deps.approvals.click({
    approvalId: click.approvalId,
    kind: click.kind,
    by: click.userId,
  });
  if (result.kind === 'refused') {
    const why = wordApprovalRefusal(result.refusal, SLACK_APPROVAL_WORDS);
    await tell({ text: `:no_entry: Not done: ${why}.`, blocks: [] });
    return;
  }
  const { approval } = result;
  const message = renderApprovalDecision(
    approval,
    result.request,
    result.outcome !== undefined && 'target' in result.outcome ? result.outcome.target : result.target,
    result.outcome,
  );
  const url = approval.message?.responseUrl;
  const fresh =
    url !== undefined &&
    deps.engine.clock.now().getTime() - approval.createdAt.getTime() < RESPONSE_URL_LIFE_MS;
  const channelId = approval.message?.channelId ?? approval.channelId;
  const ts = approval.message?.ts;
  const delivery = await deliverMessage(
    deps,
    deliveryRoutes(deps, 'in_channel', {
      ...(fresh && { respond: (m) => deps.postToResponseUrl(url, m) }),
      ...(channelId !== undefined && { channelId }),
      ...(ts !== undefined && { replaceTs: ts }),
      userId: approval.requesterId,
    }),
    { response_type: 'in_channel', replace_original: true, ...message },
    {
      ...(channelId !== undefined && { channelId }),
      userId: click.userId,
      correlationId: approval.correlationId,
      approvalId: approval.id,
    },
  );
  await settleUndoOrigin(deps, approval, result.outcome);
  const where = channelId !== undefined ? ` in <#${channelId}>` : '';
  const did =
    approval.state === 'rejected' ? 'Rejected' : approval.state === 'expired' ? 'Expired' : 'Approved';
  await tell({
    text: `${did} ${inlineCode(commandName({ name: approval.actionName }))} (correlation id ${inlineCode(approval.correlationId)}); ${
      delivery.ok
        ? `the request message${where} now says so.`
        : `the request message${where} could not be updated; the log has it.`
    }`,
    blocks: [],
  });
}
