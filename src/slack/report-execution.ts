import type { ExecutionRequest, Outcome } from '../core/engine/outcome.js';
import { deliverMessage } from './deliver-message.js';
import { deliveryRoutes } from './delivery-routes.js';
import { reportFollowedWrite } from './follow-up-delivery.js';
import { userMention } from './mrkdwn.js';
import { renderOutcomeMessage } from './render-outcome-message.js';
import { shareButton } from './share-button.js';
import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';
import { undoButtonsFor } from './undo-button.js';

/**
 * Who sees an outcome. Whatever touched (or may have touched) PD, and every request waiting for a
 * second person, is the team's business; a preview and a denial stay with the person who asked. A
 * read-only view (and a view PD failed to answer) is private too unless shared: an incident
 * channel must not fill with tables.
 */
export function outcomeVisibility(outcome: Outcome): ResponseUrlMessage['response_type'] {
  if (outcome.kind === 'preview' || outcome.kind === 'denied') return 'ephemeral';
  return isPrivateView(outcome) ? 'ephemeral' : 'in_channel';
}

/** A read-only action's answer (or PD error) someone chose to post for the channel. */
function isSharedView(outcome: Outcome): boolean {
  return (
    (outcome.kind === 'ok' || outcome.kind === 'pd_error') &&
    !outcome.request.action.mutating &&
    outcome.request.share === true
  );
}

/** A read-only action's answer (or PD error) that nobody asked to share. */
function isPrivateView(outcome: Outcome): boolean {
  return (
    (outcome.kind === 'ok' || outcome.kind === 'pd_error') &&
    !outcome.request.action.mutating &&
    outcome.request.share !== true
  );
}

/**
 * Posts the outcome of a request the command flow ran after the ack: results and approval requests
 * for the whole channel, previews and denials for the person who asked. No failure is silent. It
 * never runs anything itself, so every front end's decision line comes from CommandFlow.execute.
 */
export async function reportExecution(
  deps: SlackDeps,
  request: ExecutionRequest,
  outcome: Outcome,
  send: (message: ResponseUrlMessage) => Promise<unknown>,
  responseUrl?: string,
  responseUrlIssuedAt?: Date,
): Promise<void> {
  // A write the bot follows to its end goes out by the route that lets it edit the message later.
  const followed =
    outcome.kind === 'ok' && request.dryRun !== true && request.action.mutating
      ? deps.followUps?.declarationFor(request.action, request.params)
      : undefined;
  if (outcome.kind === 'ok' && followed !== undefined) {
    await reportFollowedWrite(deps, request, outcome, followed, send, responseUrl, responseUrlIssuedAt);
    return;
  }
  const rendered = renderOutcomeMessage(outcome);
  const message = isPrivateView(outcome)
    ? { ...rendered, blocks: [...rendered.blocks, shareButton(request)] }
    : isSharedView(outcome)
      ? {
          ...rendered,
          blocks: [
            {
              type: 'context' as const,
              elements: [
                {
                  type: 'mrkdwn' as const,
                  text: `:eyes: Shared in channel by ${userMention(request.actor.id)}`,
                },
              ],
            },
            ...rendered.blocks,
          ],
        }
      : outcome.kind === 'ok' && request.action.mutating
        ? // A write PD accepted: Cancel or Undrain under it, when its definition declares one.
          { ...rendered, blocks: [...rendered.blocks, ...undoButtonsFor(deps, request)] }
        : rendered;
  const visibility = outcomeVisibility(outcome);
  const channel = request.channelId !== undefined ? { channelId: request.channelId } : {};
  if (outcome.kind === 'needs_approval') {
    // Before the reply goes out: once it is in the channel, the sweeper may expire the request at
    // any moment and needs to know where the message is.
    await deps.approvals.attachMessage(outcome.approvalId, {
      ...channel,
      ...(responseUrl !== undefined && { responseUrl }),
    });
  }
  const delivery = await deliverMessage(
    deps,
    deliveryRoutes(deps, visibility, { respond: send, ...channel, userId: request.actor.id }),
    { response_type: visibility, ...message },
    {
      ...channel,
      userId: request.actor.id,
      correlationId: request.correlationId,
      ...(outcome.kind === 'needs_approval' && { approvalId: outcome.approvalId }),
    },
  );
  if (outcome.kind === 'needs_approval' && delivery.ok && delivery.ts !== undefined) {
    // Posted through the Web API: its ts lets expiry and decisions chat.update it later.
    await deps.approvals.attachMessage(outcome.approvalId, { ...channel, ts: delivery.ts });
    deps.logger.info(
      {
        decision: 'approval_message',
        approvalId: outcome.approvalId,
        correlationId: request.correlationId,
        route: delivery.route,
        ts: delivery.ts,
      },
      'approval request posted through the Web API; later updates edit it by ts',
    );
  }
}
