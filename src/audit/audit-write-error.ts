import type { AuditRecord } from '../core/audit/audit-record.js';

export class AuditWriteError extends Error {
  readonly code = 'AUDIT_WRITE_FAILED' as const;
  /** The audit file, when the failure was writing it. */
  readonly path: string | undefined;
  readonly event: AuditRecord['event'] | undefined;
  readonly correlationId: string | undefined;

  constructor(
    message: string,
    options: { cause?: unknown; path?: string; record?: Pick<AuditRecord, 'event' | 'correlationId'> },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuditWriteError';
    this.path = options.path;
    this.event = options.record?.event;
    this.correlationId = options.record?.correlationId;
  }
}

export function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
