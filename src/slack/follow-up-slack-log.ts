import type { Logger } from 'pino';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';

/** The notifier's log lines name the follow-up and the command it came from. */
export function followUpSlackLog(logger: Logger, followUp: FollowUp): Logger {
  return logger.child({ followUpId: followUp.id, correlationId: followUp.correlationId });
}
