import type { ExecutionRequest } from '../core/outcome.js';
import { deliverMessage } from './deliver-message.js';
import { renderOutcomeMessage } from './render-outcome-message.js';
import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';

/**
 * Runs a validated request after the ack and posts the outcome: results and approval requests for
 * the whole channel, previews and denials for the person who asked. No failure is silent.
 */
export async function reportExecution(
  deps: SlackDeps,
  request: ExecutionRequest,
  send: (message: ResponseUrlMessage) => Promise<unknown>,
  responseUrl?: string,
): Promise<void> {
  const outcome = await deps.engine.execute(request);
  const message = renderOutcomeMessage(outcome);
  const responseType = outcome.kind === 'preview' || outcome.kind === 'denied' ? 'ephemeral' : 'in_channel';
  await deliverMessage(
    deps,
    send,
    { response_type: responseType, ...message },
    {
      ...(request.channelId !== undefined && { channelId: request.channelId }),
      userId: request.actor.id,
      correlationId: request.correlationId,
    },
  );
  if (outcome.kind === 'needs_approval' && responseUrl !== undefined) {
    await deps.engine.deps.safety.approvals.setMessage(outcome.approvalId, {
      ...(request.channelId !== undefined && { channelId: request.channelId }),
      responseUrl,
    });
  }
}
