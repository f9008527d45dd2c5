import { isPdError, type PdError } from '../pd/pd-errors.js';
import type { DryRunRead, PdResponse, PdSendContext, PdTransport } from '../pd/pd-port.js';
import type { PdRequest } from '../pd/pd-request.js';
import type { ActionPlan, PlanDecision, ReadResult } from './action-plan.js';
import type { Preview } from './preview.js';

/** A plan decided to send nothing: a bug in the definition, reported as an internal error. */
export class EmptyPlanError extends Error {
  readonly code = 'EMPTY_PLAN';
  constructor() {
    super('the action planned no request to send');
    this.name = 'EmptyPlanError';
  }
}

/**
 * The transport a dry run reads through: it lets only bounded reads reach PD, refuses every write,
 * and keeps what each read answered for the preview (src/pd's DryRunTransport).
 */
export interface DryRunReader extends PdTransport {
  readonly reads: readonly DryRunRead[];
  /** How PD failed a read, in a few words for a preview warning ("PD answered HTTP 503: …"). */
  describeFailure(error: PdError): string;
}

async function sendReads(
  requests: readonly PdRequest[],
  pd: PdTransport,
  context: PdSendContext,
): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for (const request of requests) {
    try {
      results.push({ ok: true, response: await pd.send(request, context) });
    } catch (error) {
      // Only PD's answers (or its silence) are the plan's to judge; anything else is a bug.
      if (!isPdError(error)) throw error;
      results.push({ ok: false, error });
    }
  }
  return results;
}

/**
 * A real run: the plan's reads, then what it decides to send, in order, through the transport. The
 * answer is PD's answer to the last request; a PD error on any request rejects, and nothing after
 * it is sent.
 */
export async function executePlan(
  plan: ActionPlan,
  pd: PdTransport,
  context: PdSendContext,
): Promise<PdResponse> {
  const reads = await sendReads(plan.reads, pd, context);
  const decision = plan.decide({ reads });
  if (decision.stop) throw decision.stop;
  let last: PdResponse | undefined;
  for (const request of decision.sends) last = await pd.send(request, context);
  if (last === undefined) throw new EmptyPlanError();
  const answered = reads.flatMap((r) => (r.ok ? [r.response] : []));
  const failed = reads.flatMap((r) => (r.ok ? [] : [r.error]));
  return {
    ...last,
    ...(answered.length > 0 && { planReads: answered }),
    ...(failed.length > 0 && { planReadFailures: failed }),
  };
}

/**
 * A dry run: the plan's reads and checks go to PD for real (through a reader that lets only bounded
 * reads pass); what it would send is shown, never sent. Nothing is faked: no status-0 answers.
 */
export async function previewPlan(
  plan: ActionPlan,
  reader: DryRunReader,
  context: PdSendContext,
): Promise<Preview> {
  const reads = await sendReads(plan.reads, reader, context);
  const checks = await sendReads(plan.checks ?? [], reader, context);
  const decision: PlanDecision = plan.decide({ reads, checks });
  const warnings = [...(decision.warnings ?? [])];
  if (decision.stop) {
    const { method, path } = decision.stop.request;
    warnings.push(
      `Reading ${method} ${path} failed (${reader.describeFailure(decision.stop)}). A real run would stop at this read and change nothing.`,
    );
  }
  return {
    pdRequests: decision.stop ? [] : decision.sends,
    reads: reader.reads,
    notes: decision.notes ?? [],
    warnings,
    alternatives: decision.alternatives ?? [],
  };
}
