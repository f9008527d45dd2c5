import type { Outcome } from '../../src/core/engine/outcome.js';
import { PdHttpError } from '../../src/core/pd/pd-errors.js';
import {
  evictLeaderAddStoreRequest,
  evictLeaderSchedulerRequest,
  schedulerListRequest,
} from '../../src/pd/pd-request.js';
import { AT, requestFor, TARGET } from './outcome-fixtures.js';

/** PD text that would ping the channel or link elsewhere if it went out unescaped. */
export const HOSTILE = '<!channel> <@U0EVIL> <https://evil.example|click here>';

const drainRequest = { ...requestFor('drain_store', { store_id: 4 }), dryRun: true };

/** drain-store previewed while evict-leader-scheduler exists, as TikvSubject.preview reports it. */
export const drainPreviewSchedulerExists: Extract<Outcome, { kind: 'preview' }> = {
  kind: 'preview',
  request: drainRequest,
  target: TARGET,
  startedAt: AT,
  pdRequests: [evictLeaderAddStoreRequest(4)],
  reads: [{ request: schedulerListRequest(), answer: 'HTTP 200' }],
  notes: [
    'evict-leader-scheduler exists, so store 4 would be added through POST /pd/api/v1/scheduler-config/evict-leader-scheduler/config.',
  ],
  warnings: [],
  alternatives: [
    { when: 'if evict-leader-scheduler did not exist', request: evictLeaderSchedulerRequest(4) },
  ],
};

/** drain-store previewed while PD's scheduler list could not be read (with PD text quoted). */
export const drainPreviewReadFailed: Extract<Outcome, { kind: 'preview' }> = {
  kind: 'preview',
  request: drainRequest,
  target: TARGET,
  startedAt: AT,
  pdRequests: [],
  reads: [{ request: schedulerListRequest(), answer: 'HTTP 500' }],
  notes: [],
  warnings: [
    `Reading GET /pd/api/v1/schedulers failed (PD answered HTTP 500: ${HOSTILE}). A real run would stop at this read and change nothing.`,
  ],
  alternatives: [
    { when: 'if evict-leader-scheduler is listed', request: evictLeaderAddStoreRequest(4) },
    { when: 'if it is not', request: evictLeaderSchedulerRequest(4) },
  ],
};

/** drain-store run for real, stopped by a failed GET /schedulers before any write. */
export const drainReadFailed: Outcome = {
  kind: 'pd_error',
  request: requestFor('drain_store', { store_id: 4 }),
  target: TARGET,
  startedAt: AT,
  durationMs: 4,
  error: new PdHttpError(
    schedulerListRequest(),
    TARGET.endpoint,
    500,
    'application/json; charset=UTF-8',
    '"[PD:cluster:ErrNotBootstrapped]TiKV cluster not bootstrapped, please start TiKV first"\n',
    '[PD:cluster:ErrNotBootstrapped]TiKV cluster not bootstrapped, please start TiKV first',
    4,
  ),
};
