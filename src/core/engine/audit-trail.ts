import {
  type AuditEvent,
  type AuditRecord,
  createAuditRecord,
  pdAuditFields,
} from '../audit/audit-record.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { ApprovalMetricState, Metrics } from '../metrics/metrics.js';
import type { PdError } from '../pd/pd-errors.js';
import type { PdResponse } from '../pd/pd-port.js';
import type { Clock } from './engine-clock.js';
import type { ExecutionRequest, Target } from './outcome.js';

export interface AuditExtra {
  /** Who caused the event when it is not the requester (an approver). */
  readonly by?: string;
  readonly rule?: string;
  readonly reason?: string;
  readonly approvalId?: string;
  readonly pd?: PdResponse | PdError;
}

/** The audit events that are an approval's state changes, as the approvals metric names them. */
const APPROVAL_STATES: Partial<Record<AuditEvent, ApprovalMetricState>> = {
  approval_requested: 'requested',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
};

/** Turns engine decisions into audit records; resolves only once the sink has them durably. */
export class AuditTrail {
  constructor(
    private readonly sink: AuditSink,
    private readonly clock: Clock,
    // Every approval transition is recorded here, so this is where they are counted too.
    private readonly metrics?: Metrics,
  ) {}

  record(
    event: AuditEvent,
    request: ExecutionRequest,
    target: Target,
    extra: AuditExtra = {},
  ): Promise<void> {
    const by = extra.by ?? request.actor.id;
    const fields: Omit<AuditRecord, 'event' | 'at'> = {
      correlationId: request.correlationId,
      userId: by,
      source: request.actor.source,
      ...(by !== request.actor.id && { requesterId: request.actor.id }),
      ...(request.channelId !== undefined && { channelId: request.channelId }),
      action: request.action.name,
      params: request.params,
      cluster: target.cluster,
      ...(target.production && { production: true }),
      endpoint: target.endpoint,
      simulated: target.simulated,
      ...(request.dryRun && { dryRun: true }),
      ...(request.share && { shared: true }),
      ...(request.undoOf !== undefined && { via: 'undo_button' as const, undoOf: request.undoOf }),
      ...((extra.approvalId ?? request.approvalId) !== undefined && {
        approvalId: extra.approvalId ?? request.approvalId,
      }),
      ...(extra.rule !== undefined && { rule: extra.rule }),
      ...(extra.reason !== undefined && { reason: extra.reason }),
      ...(extra.pd !== undefined && pdAuditFields(extra.pd)),
    };
    const state = APPROVAL_STATES[event];
    if (state !== undefined) this.metrics?.approvalChanged(state);
    return this.sink.record(createAuditRecord(event, this.clock.now(), fields));
  }
}
