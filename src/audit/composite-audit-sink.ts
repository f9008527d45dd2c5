import type { AuditRecord } from '../core/audit/audit-record.js';
import type { AuditSink } from '../core/audit/audit-sink.js';
import { AuditWriteError, causeText } from './audit-write-error.js';

/** Writes every record to every sink; fails if any sink fails, after all have been tried. */
export class CompositeAuditSink implements AuditSink {
  constructor(readonly sinks: readonly AuditSink[]) {}

  async record(record: AuditRecord): Promise<void> {
    const results = await Promise.allSettled(this.sinks.map((sink) => sink.record(record)));
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      const cause: unknown = result.reason;
      if (cause instanceof AuditWriteError) throw cause;
      throw new AuditWriteError(`could not write the audit record: ${causeText(cause)}`, { cause, record });
    }
  }
}
