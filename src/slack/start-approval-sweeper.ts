import { renderApprovalDecision } from './render-approval-message.js';
import type { SlackDeps } from './slack-deps.js';

/** Slack honours a response_url for 30 minutes; keep a margin for clock skew and slow requests. */
const RESPONSE_URL_LIFE_MS = 29 * 60_000;

/**
 * Expires approvals nobody acted on, records it, and replaces the request message in the channel
 * (its buttons go away) while the request's response_url still works; after that, posts a new
 * message through the Web API. Either way the log and the audit trail have it.
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
    const now = deps.engine.deps.clock.now().getTime();
    for (const { approval, request } of expired) {
      const message = renderApprovalDecision(approval, request, deps.engine.target);
      const url = approval.message?.responseUrl;
      const log = deps.logger.child({ approvalId: approval.id, correlationId: approval.correlationId });
      try {
        if (url !== undefined && now - approval.createdAt.getTime() < RESPONSE_URL_LIFE_MS) {
          await deps.postToResponseUrl(url, {
            response_type: 'in_channel',
            replace_original: true,
            ...message,
          });
        } else if (approval.channelId !== undefined) {
          await deps.postViaWebApi({ channelId: approval.channelId }, message);
        } else {
          log.warn('expired approval has nowhere to be announced');
        }
      } catch (error) {
        log.warn({ err: error }, 'could not announce the expiry in Slack');
      }
    }
  };
  const timer = setInterval(() => void around(sweep), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
