import type { ReadResult } from '../../core/actions/action-plan.js';
import type { PdError } from '../../core/pd/pd-errors.js';

/** What PD's checkStoreState lets through (handler.go ~732–744), in words for a warning. */
const PD_CHECKS = 'PD refuses a target only when it is unknown, Tombstone or silent for more than 10 minutes';

const WARNINGS: Readonly<Record<string, string>> = {
  Offline: `it is Offline (being removed). ${PD_CHECKS}, so PD will accept the move, but the operator will likely time out`,
  Disconnected: `it is Disconnected (no heartbeat for over 20 s). ${PD_CHECKS}, so PD may accept the move, but the operator will likely time out`,
  Down: `it is Down (no heartbeat for a long time). ${PD_CHECKS}, so PD will most likely refuse it as unhealthy`,
  Tombstone: `it is Tombstone (removed). ${PD_CHECKS}, so PD will refuse it`,
};

/**
 * Dry run only: what `GET /store/{id}` says about a move's target. It warns, never blocks, when PD
 * would accept the store but the move would stall (Offline, Disconnected) or PD would refuse it. A
 * failed read is a warning too: the real run does not read.
 */
export function targetStoreFindings(
  storeId: number,
  read: ReadResult,
): { notes?: string[]; warnings?: string[] } {
  const prefix = `Target store ${storeId}`;
  if (!read.ok) {
    const { error } = read;
    if (error.code === 'PD_HTTP_ERROR' && error.status === 404) {
      return { warnings: [`${prefix} is not known to PD (it answered 404), so PD will refuse the move.`] };
    }
    return {
      warnings: [`${prefix}'s state could not be read (${describe(error)}); check it is Up before running.`],
    };
  }
  const stateName = storeStateName(read.response.rawBody);
  if (stateName === 'Up') return { notes: [`${prefix} is Up.`] };
  const known = typeof stateName === 'string' ? WARNINGS[stateName] : undefined;
  return {
    warnings: [
      known !== undefined
        ? `${prefix}: ${known}.`
        : `${prefix} is in a state this check does not know (${String(stateName).slice(0, 40)}); check it is Up before running.`,
    ],
  };
}

function storeStateName(rawBody: string): unknown {
  try {
    const parsed = JSON.parse(rawBody) as { store?: { state_name?: unknown } } | null;
    return parsed?.store?.state_name;
  } catch {
    return undefined;
  }
}

function describe(error: PdError): string {
  return error.code === 'PD_HTTP_ERROR' ? `PD answered HTTP ${error.status}` : error.code;
}
