import type { Logger } from 'pino';
import type { AuditSink } from '../core/audit/audit-sink.js';
import { CompositeAuditSink } from './composite-audit-sink.js';
import { JsonlAuditFile } from './jsonl-audit-file.js';
import { LogAuditSink } from './log-audit-sink.js';

export interface AuditSinkOptions {
  readonly logger: Logger;
  /** AUDIT_FILE; when unset, records go to the log only. */
  readonly auditFile?: string;
}

export interface OpenedAuditSink extends AuditSink {
  readonly file?: string;
  close(): Promise<void>;
}

/** The bot's audit trail: always the log, plus the fsync'd file when AUDIT_FILE is set. */
export async function openAuditSink(options: AuditSinkOptions): Promise<OpenedAuditSink> {
  const log = new LogAuditSink(options.logger);
  if (options.auditFile === undefined) {
    return { record: (r) => log.record(r), close: async () => {} };
  }
  const file = await JsonlAuditFile.open(options.auditFile);
  const both = new CompositeAuditSink([file, log]);
  return { file: options.auditFile, record: (r) => both.record(r), close: () => file.close() };
}
