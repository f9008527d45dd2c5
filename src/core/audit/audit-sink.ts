import type { AuditRecord } from './audit-record.js';

/**
 * Where audit records go. `record` resolves only once the record is stored as durably as the sink
 * can make it; callers post the channel reply after that, so nothing is shown that was not recorded.
 */
export interface AuditSink {
  record(record: AuditRecord): Promise<void>;
}
