import type { ActionParams } from '../actions/action-definition.js';
import { pdBodyExcerpt } from '../pd/pd-body-excerpt.js';
import type { PdError } from '../pd/pd-errors.js';
import type { PdResponse } from '../pd/pd-port.js';
import type { PdRequest } from '../pd/pd-request.js';

/**
 * Bytes of PD's body an audit record keeps (the JSON-lines file; log lines keep less). PD's answers
 * to the bot's requests are well under 1 KiB, so this keeps every real answer verbatim; past it
 * the answer is garbage or hostile, and its start and length prove that as well as the whole would,
 * without a megabyte write and fsync before every reply or lines that line-based tools choke on.
 */
export const AUDIT_PD_BODY_BYTES = 64 * 1024;

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

/**
 * The PD call as sent and as answered; raw body verbatim so the record proves what PD said (up to
 * AUDIT_PD_BODY_BYTES, with its length when longer).
 */
export interface AuditPd {
  readonly method: PdRequest['method'];
  readonly path: string;
  readonly body?: PdRequest['body'];
  readonly status?: number;
  readonly rawBody?: string;
  /** UTF-8 length of the body the bot received; set whenever PD answered. */
  readonly rawBodyBytes?: number;
  /** Set when rawBody is not all PD sent (cut for the record, or by the client's read limit). */
  readonly rawBodyTruncated?: true;
  /** PD's body was longer than the client's read limit, this many bytes; the rest was never read. */
  readonly truncatedAtBytes?: number;
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
  /** The cluster's name, as configured. */
  readonly cluster?: string;
  /** Set on production clusters. */
  readonly production?: true;
  /** The PD that answered, or the cluster's endpoints (comma-separated) before PD was called. */
  readonly endpoint?: string;
  readonly simulated?: boolean;
  readonly dryRun?: boolean;
  /** A read-only view posted for the whole channel (`--share` or the Share in channel button). */
  readonly shared?: true;
  /** How the request was made when not typed or submitted in a form: an undo button's click. */
  readonly via?: 'undo_button';
  /** The correlation id of the request whose result carried the undo button. */
  readonly undoOf?: string;
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
export function pdAuditFields(
  result: PdResponse | PdError,
  maxBodyBytes = AUDIT_PD_BODY_BYTES,
): { pd: AuditPd; durationMs: number } {
  const { request } = result;
  const sent = {
    method: request.method,
    path: request.path,
    ...(request.body !== undefined && { body: request.body }),
  };
  const answered = (status: number, rawBody: string, truncatedAtBytes: number | undefined) => {
    const excerpt = pdBodyExcerpt(rawBody, maxBodyBytes, truncatedAtBytes);
    return {
      status,
      rawBody: excerpt.text,
      rawBodyBytes: excerpt.bytes,
      ...(excerpt.truncated && { rawBodyTruncated: true as const }),
      ...(truncatedAtBytes !== undefined && { truncatedAtBytes }),
    };
  };
  if (!('code' in result)) {
    return {
      pd: { ...sent, ...answered(result.status, result.rawBody, result.truncatedAtBytes) },
      durationMs: Math.round(result.durationMs),
    };
  }
  const reply = 'status' in result ? answered(result.status, result.rawBody, result.truncatedAtBytes) : {};
  return { pd: { ...sent, ...reply, errorCode: result.code }, durationMs: Math.round(result.durationMs) };
}

/** A record small enough for one log line: PD's body cut to `maxBodyBytes`, its length kept. */
export function boundAuditRecord(record: AuditRecord, maxBodyBytes: number): AuditRecord {
  const { pd } = record;
  if (pd?.rawBody === undefined) return record;
  const excerpt = pdBodyExcerpt(pd.rawBody, maxBodyBytes);
  if (!excerpt.truncated) return record;
  return {
    ...record,
    pd: {
      ...pd,
      rawBody: excerpt.text,
      rawBodyBytes: pd.rawBodyBytes ?? excerpt.bytes,
      rawBodyTruncated: true,
    },
  };
}
