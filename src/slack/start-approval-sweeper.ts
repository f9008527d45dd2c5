import { deliverMessage } from './deliver-message.js';
import { deliveryRoutes } from './delivery-routes.js';
import { renderApprovalDecision } from './render-approval-message.js';
import type { SlackDeps } from './slack-deps.js';
import { settleUndoOrigin } from './undo-origin.js';

/** Slack honours a response_url for 30 minutes; keep a margin for clock skew and slow requests. */
const RESPONSE_URL_LIFE_MS = 29 * 60_000;

/**
 * Expires approvals nobody acted on, records it, and replaces the request message in the channel
 * (its buttons go away) by whichever route exists: the request's response_url while it works, then
 * chat.update when the message's ts is known, then a new message through chat.postMessage.
 * Either way the log and the audit trail have it.
 */
export function startApprovalSweeper(
  deps: SlackDeps,
  everyMs: number,
  /** Wraps each timed sweep; the composition root uses it to let a shutdown wait for the sweep. */
  around: (sweep: () => Promise<void>) => Promise<void> = (sweep) => sweep(),
): { stop(): void; sweep(): Promise<void> } {
  const sweep = async () => {
    let expired: Awaited<ReturnType<SlackDeps['approvals']['expireDue']>>;
    try {
      expired = await deps.approvals.expireDue();
    } catch (error) {
      deps.logger.error({ err: error }, 'approval sweep failed');
      return;
    }
    const now = deps.engine.clock.now().getTime();
    await Promise.all(
      expired.map(async ({ approval, request, target }) => {
        const message = renderApprovalDecision(approval, request, target);
        const url = approval.message?.responseUrl;
        const fresh = url !== undefined && now - approval.createdAt.getTime() < RESPONSE_URL_LIFE_MS;
        const channelId = approval.message?.channelId ?? approval.channelId;
        const ts = approval.message?.ts;
        const routes = deliveryRoutes(deps, 'in_channel', {
          ...(fresh && { respond: (m) => deps.postToResponseUrl(url, m) }),
          ...(channelId !== undefined && { channelId }),
          ...(ts !== undefined && { replaceTs: ts }),
          userId: approval.requesterId,
        });
        if (routes.length === 0) {
          deps.logger.warn(
            { decision: 'delivery_failed', approvalId: approval.id, correlationId: approval.correlationId },
            'expired approval has nowhere to be announced',
          );
          return;
        }
        await deliverMessage(
          deps,
          routes,
          { response_type: 'in_channel', replace_original: true, ...message },
          {
            ...(channelId !== undefined && { channelId }),
            userId: approval.requesterId,
            correlationId: approval.correlationId,
            approvalId: approval.id,
          },
        );
        // An expired Cancel or Undrain: the result it was asked from stops saying "waiting".
        await settleUndoOrigin(deps, approval, undefined);
      }),
    );
  };
  const timer = setInterval(() => void around(sweep), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
