import type { Logger } from 'pino';
import { type AuditRecord, boundAuditRecord } from '../core/audit/audit-record.js';
import type { AuditSink } from '../core/audit/audit-sink.js';
import { LOG_PD_BODY_BYTES } from '../logging/log-limits.js';
import { AuditWriteError, causeText } from './audit-write-error.js';

/**
 * Audit records as log lines: `{"component":"audit",…record fields…,"msg":"audit"}`, one per record.
 * Logs can be dropped by the pipeline downstream, so this is for search, not proof: use
 * JsonlAuditFile when the record must survive. PD's body is cut to LOG_PD_BODY_BYTES here (the
 * file keeps AUDIT_PD_BODY_BYTES): a log line must stay small enough for the log pipeline.
 */
export class LogAuditSink implements AuditSink {
  readonly #log: Logger;

  constructor(logger: Logger) {
    this.#log = logger.child({ component: 'audit' });
  }

  async record(record: AuditRecord): Promise<void> {
    try {
      this.#log.info(boundAuditRecord(record, LOG_PD_BODY_BYTES), 'audit');
    } catch (cause) {
      throw new AuditWriteError(`could not log the audit record: ${causeText(cause)}`, { cause, record });
    }
  }
}
