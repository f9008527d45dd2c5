import { describeRequest } from '../core/describe-request.js';
import type { ExecutionRequest } from '../core/outcome.js';
import { renderOutcomeMessage } from './render-outcome-message.js';
import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';

/**
 * Runs a validated request after the ack and posts the outcome for the whole channel. If even the
 * reply fails, the log says so with the correlation id: no failure is silent.
 */
export async function reportExecution(
  deps: SlackDeps,
  request: ExecutionRequest,
  send: (message: ResponseUrlMessage) => Promise<unknown>,
  responseUrl?: string,
): Promise<void> {
  const outcome = await deps.engine.execute(request);
  const message = renderOutcomeMessage(outcome);
  // Previews and denials concern only the person who typed them; results and requests are the record.
  const responseType = outcome.kind === 'preview' || outcome.kind === 'denied' ? 'ephemeral' : 'in_channel';
  try {
    await send({ response_type: responseType, ...message });
    if (outcome.kind === 'needs_approval' && responseUrl !== undefined) {
      await deps.engine.deps.safety.approvals.setMessage(outcome.approvalId, {
        ...(request.channelId !== undefined && { channelId: request.channelId }),
        responseUrl,
      });
    }
  } catch (error) {
    deps.logger.error(
      {
        correlationId: request.correlationId,
        err: error,
        outcome: outcome.kind,
        request: describeRequest(request.action, request.params),
      },
      'could not post the result to Slack',
    );
  }
}
