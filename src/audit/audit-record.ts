import type { ActionParams } from '../core/action-definition.js';
import type { PdResponse } from '../pd/pd-client.js';
import type { PdError } from '../pd/pd-errors.js';
import type { PdRequest } from '../pd/pd-request.js';

export const AUDIT_EVENTS = [
  'requested',
  'denied',
  'approval_requested',
  'approved',
  'rejected',
  'expired',
  'executed',
  'failed',
] as const;

export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** The PD call as sent and as answered; raw body verbatim so the record proves what PD said. */
export interface AuditPd {
  readonly method: PdRequest['method'];
  readonly path: string;
  readonly body?: PdRequest['body'];
  readonly status?: number;
  readonly rawBody?: string;
  /** PD_HTTP_ERROR, PD_CONNECTION_REFUSED, …: set when the call failed. */
  readonly errorCode?: string;
}

/** One decision, as a single JSON line. Everything is an ID or raw data; nothing is rendered. */
export interface AuditRecord {
  readonly event: AuditEvent;
  /** ISO 8601, UTC. */
  readonly at: string;
  readonly correlationId: string;
  /** Who caused this event: the requester, or the approver for approved/rejected. */
  readonly userId: string;
  readonly source?: 'slack' | 'console' | 'exec';
  /** Set when `userId` is not the requester (approved, rejected, and executed after approval). */
  readonly requesterId?: string;
  readonly channelId?: string;
  readonly action: string;
  readonly params: ActionParams;
  /** PD endpoint the action was aimed at. */
  readonly cluster?: string;
  readonly simulated?: boolean;
  readonly dryRun?: boolean;
  readonly approvalId?: string;
  /** The policy rule that granted the request. */
  readonly rule?: string;
  /** Why it was denied, rejected or failed. */
  readonly reason?: string;
  readonly pd?: AuditPd;
  readonly durationMs?: number;
}

export function createAuditRecord(
  event: AuditEvent,
  at: Date,
  fields: Omit<AuditRecord, 'event' | 'at'>,
): AuditRecord {
  return { event, at: at.toISOString(), ...fields };
}

/** The `pd` and `durationMs` fields from what the PD client returned or threw. */
export function pdAuditFields(result: PdResponse | PdError): { pd: AuditPd; durationMs: number } {
  const { request } = result;
  const sent = {
    method: request.method,
    path: request.path,
    ...(request.body !== undefined && { body: request.body }),
  };
  if (!('code' in result)) {
    return {
      pd: { ...sent, status: result.status, rawBody: result.rawBody },
      durationMs: Math.round(result.durationMs),
    };
  }
  const answered = 'status' in result ? { status: result.status, rawBody: result.rawBody } : {};
  return { pd: { ...sent, ...answered, errorCode: result.code }, durationMs: Math.round(result.durationMs) };
}
