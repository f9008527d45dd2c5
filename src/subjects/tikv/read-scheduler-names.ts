import { PdHttpError } from '../../core/pd-errors.js';
import { schedulerListRequest } from '../../pd/pd-request.js';
import type { TikvCall } from './tikv-call.js';

/**
 * `GET /pd/api/v1/schedulers`, as pd-ctl reads it before touching evict-leader-scheduler. PD renders
 * an empty list as `null`. Anything else that is not an array of names stops the caller before any
 * write (pd-ctl would ignore it and create the scheduler, which is the request this check avoids).
 */
export async function readSchedulerNames(call: TikvCall): Promise<readonly string[]> {
  const response = await call.pd.send(schedulerListRequest(), call.context);
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.rawBody);
  } catch {
    parsed = undefined;
  }
  if (parsed === null) return [];
  if (Array.isArray(parsed) && parsed.every((name) => typeof name === 'string')) return parsed;
  throw new PdHttpError(
    response.request,
    response.endpoint,
    response.status,
    response.contentType,
    response.rawBody,
    `not a list of scheduler names, so nothing was sent after it: ${response.pdMessage}`,
    response.durationMs,
    response.simulated,
    response.truncatedAtBytes,
  );
}
