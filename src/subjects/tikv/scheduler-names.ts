import type { ReadResult } from '../../core/actions/action-plan.js';
import { type PdError, PdHttpError } from '../../core/pd/pd-errors.js';

/**
 * The names in PD's answer to `GET /pd/api/v1/schedulers`, as pd-ctl reads it before touching
 * evict-leader-scheduler. PD renders an empty list as `null`. A failed read, or anything that is not
 * an array of names, is an error that stops the action before any write (pd-ctl would ignore it and
 * create the scheduler, which is the request this check avoids).
 */
export function schedulerNames(read: ReadResult): readonly string[] | PdError {
  if (!read.ok) return read.error;
  const { response } = read;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.rawBody);
  } catch {
    parsed = undefined;
  }
  if (parsed === null) return [];
  if (Array.isArray(parsed) && parsed.every((name) => typeof name === 'string')) return parsed;
  return new PdHttpError(
    response.request,
    response.endpoint,
    response.status,
    response.contentType,
    response.rawBody,
    `not a list of scheduler names, so nothing was sent after it: ${response.pdMessage}`,
    response.durationMs,
    response.truncatedAtBytes,
  );
}
