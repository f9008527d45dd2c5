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
): Promise<void> {
  const outcome = await deps.engine.execute(request);
  const message = renderOutcomeMessage(outcome);
  // Dry runs show what could be sent; keep them out of the channel's record of real changes.
  const responseType = outcome.kind === 'preview' ? 'ephemeral' : 'in_channel';
  try {
    await send({ response_type: responseType, ...message });
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
