import type { Logger } from 'pino';
import type { FollowUp } from './follow-up-store.js';

/** A child logger naming the follow-up on every line it writes. */
export function followUpLogger(logger: Logger, record: FollowUp): Logger {
  return logger.child({
    followUpId: record.id,
    correlationId: record.correlationId,
    cluster: record.cluster,
    kind: record.kind,
    subjectId: record.subjectId,
    action: record.actionName,
  });
}
