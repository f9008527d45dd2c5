import type { DryRunRead } from '../pd/pd-port.js';
import type { PdRequest } from '../pd/pd-request.js';

/** A write the action would send instead of the one shown, and when. */
export interface PreviewAlternative {
  /** Plain text, e.g. "if evict-leader-scheduler did not exist". */
  readonly when: string;
  readonly request: PdRequest;
}

/**
 * What a dry run found out: the writes the action would send as things stand (none was sent), the
 * reads it sent to decide, and what it wants the user to know. Notes and warnings are plain text
 * that may quote PD, so renderers escape them like any foreign text.
 */
export interface Preview {
  /** The writes, in order, as things stand now; none was sent. */
  readonly pdRequests: readonly PdRequest[];
  /** Sent to PD for real to decide (bounded GETs only). */
  readonly reads: readonly DryRunRead[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  readonly alternatives: readonly PreviewAlternative[];
}
