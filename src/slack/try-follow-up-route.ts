import type { Logger } from 'pino';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import { followUpSlackLog } from './follow-up-slack-log.js';

/** Sends by one route; a refusal is logged (with Slack's error code) and answered false, never thrown. */
export async function tryFollowUpRoute(
  logger: Logger,
  followUp: FollowUp,
  route: string,
  send: () => Promise<unknown>,
  onError?: (error: unknown) => void,
): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    onError?.(error);
    const slackError = (error as { data?: { error?: unknown } }).data?.error;
    followUpSlackLog(logger, followUp).warn(
      {
        decision: 'follow_up_route_failed',
        route,
        slackError: typeof slackError === 'string' ? slackError : null,
        err: error,
      },
      `Slack refused the follow-up by ${route}`,
    );
    return false;
  }
}
