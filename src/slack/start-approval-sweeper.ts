import { renderApprovalDecision } from './render-approval-message.js';
import type { SlackDeps } from './slack-deps.js';

/**
 * Expires approvals nobody acted on, records it, and says so in the channel while the request's
 * response_url still works (Slack keeps it 30 minutes); later, the log and audit trail say it.
 */
export function startApprovalSweeper(
  deps: SlackDeps,
  everyMs: number,
): { stop(): void; sweep(): Promise<void> } {
  const sweep = async () => {
    try {
      for (const { approval, request } of await deps.approvals.expireDue()) {
        const url = approval.message?.responseUrl;
        if (url === undefined) continue;
        const message = renderApprovalDecision(approval, request, deps.engine.target);
        await deps
          .postToResponseUrl(url, { response_type: 'in_channel', ...message })
          .catch((error) =>
            deps.logger.warn({ err: error, approvalId: approval.id }, 'could not post the expiry to Slack'),
          );
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'approval sweep failed');
    }
  };
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
