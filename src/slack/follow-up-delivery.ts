import type { ExecutionRequest, Outcome } from '../core/engine/outcome.js';
import type { FollowUpDeclaration } from '../core/follow-ups/follow-up-declaration.js';
import { deliverMessage } from './deliver-message.js';
import { deliveryRoutes } from './delivery-routes.js';
import { followingNotice } from './follow-up-blocks.js';
import { renderOutcomeMessage } from './render-outcome-message.js';
import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';
import { undoButtonsFor } from './undo-button.js';

/**
 * A write PD accepted and the bot will follow: delivered like any result (the response_url first, so
 * it works where the bot is not a member and shows the typed command), with a line saying it is being
 * followed; then the follow-up starts with a reference to wherever the message landed. Later updates
 * edit it through the response_url while Slack takes it, then continue in a message of their own
 * (SlackFollowUpNotifier).
 */
export async function reportFollowedWrite(
  deps: SlackDeps,
  request: ExecutionRequest,
  outcome: Extract<Outcome, { kind: 'ok' }>,
  declaration: FollowUpDeclaration,
  send: (message: ResponseUrlMessage) => Promise<unknown>,
  responseUrl: string | undefined,
  responseUrlIssuedAt: Date | undefined,
): Promise<void> {
  const followUps = deps.followUps;
  if (followUps === undefined) return;
  const result = renderOutcomeMessage(outcome);
  // Cancel or Undrain under it, as for any write PD accepted; re-renders keep them while they mean something.
  const rendered = { ...result, blocks: [...result.blocks, ...undoButtonsFor(deps, request)] };
  const message = {
    ...rendered,
    blocks: [...rendered.blocks, ...followingNotice(declaration.kind, declaration.subjectId)],
  };
  const { channelId } = request;
  const userId = request.actor.id;
  const routes = deliveryRoutes(deps, 'in_channel', {
    respond: send,
    ...(channelId !== undefined && { channelId }),
    userId,
  });
  const delivery = await deliverMessage(
    deps,
    routes,
    { response_type: 'in_channel', ...message },
    { ...(channelId !== undefined && { channelId }), userId, correlationId: request.correlationId },
  );
  const viaUrl = delivery.ok && delivery.route.startsWith('response_url');
  await followUps.start({
    action: request.action,
    params: request.params,
    cluster: request.cluster,
    requesterId: userId,
    correlationId: request.correlationId,
    message: {
      ...(channelId !== undefined && { channelId }),
      ...(delivery.ok && delivery.ts !== undefined && { ts: delivery.ts }),
      ...(responseUrl !== undefined && {
        responseUrl,
        responseUrlIssuedAt: responseUrlIssuedAt ?? deps.engine.clock.now(),
        responseUrlUses: viaUrl ? 1 : 0,
      }),
      original: { text: rendered.text, blocks: rendered.blocks },
    },
  });
}

/**
 * A write that ran once a second person approved it: its result replaced the approval request, whose
 * ts the click revealed, so the follow-up edits that message and threads its end under it.
 */
export async function followApprovedWrite(
  deps: SlackDeps,
  request: ExecutionRequest,
  outcome: Outcome | undefined,
  message: { readonly text: string; readonly blocks: readonly unknown[] },
  place: { readonly channelId?: string; readonly ts?: string },
): Promise<void> {
  if (outcome?.kind !== 'ok' || request.dryRun === true || deps.followUps === undefined) return;
  if (deps.followUps.declarationFor(request.action, request.params) === undefined) return;
  await deps.followUps.start({
    action: request.action,
    params: request.params,
    cluster: request.cluster,
    requesterId: request.actor.id,
    correlationId: request.correlationId,
    message: {
      ...(place.channelId !== undefined && { channelId: place.channelId }),
      ...(place.ts !== undefined && { ts: place.ts }),
      original: { text: message.text, blocks: message.blocks },
    },
  });
}
