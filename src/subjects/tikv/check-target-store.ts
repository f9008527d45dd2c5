import { isPdError, type PdError } from '../../core/pd-errors.js';
import { storeRequest } from '../../pd/pd-request.js';
import type { TikvCall } from './tikv-call.js';

/** What PD's checkStoreState lets through (handler.go ~732–744), in words for a warning. */
const PD_CHECKS = 'PD refuses a target only when it is unknown, Tombstone or silent for more than 10 minutes';

const WARNINGS: Readonly<Record<string, string>> = {
  Offline: `it is Offline (being removed). ${PD_CHECKS}, so PD will accept the move, but the operator will likely time out`,
  Disconnected: `it is Disconnected (no heartbeat for over 20 s). ${PD_CHECKS}, so PD may accept the move, but the operator will likely time out`,
  Down: `it is Down (no heartbeat for a long time). ${PD_CHECKS}, so PD will most likely refuse it as unhealthy`,
  Tombstone: `it is Tombstone (removed). ${PD_CHECKS}, so PD will refuse it`,
};

/**
 * Dry run only: reads the target store and warns, never blocks, when PD would accept it but the
 * move would stall (Offline, Disconnected) or PD would refuse it. A failed read is a warning too:
 * the real run does not read.
 */
export async function checkTargetStore(storeId: number, call: TikvCall): Promise<void> {
  const preview = call.preview;
  if (preview === undefined) return;
  const prefix = `Target store ${storeId}`;
  let stateName: unknown;
  try {
    const response = await call.pd.send(storeRequest(storeId), call.context);
    stateName = storeStateName(response.rawBody);
  } catch (error) {
    if (!isPdError(error)) throw error;
    if (error.code === 'PD_HTTP_ERROR' && error.status === 404) {
      preview.warn(`${prefix} is not known to PD (it answered 404), so PD will refuse the move.`);
    } else {
      preview.warn(
        `${prefix}'s state could not be read (${describe(error)}); check it is Up before running.`,
      );
    }
    return;
  }
  if (stateName === 'Up') {
    preview.note(`${prefix} is Up.`);
    return;
  }
  const known = typeof stateName === 'string' ? WARNINGS[stateName] : undefined;
  preview.warn(
    known !== undefined
      ? `${prefix}: ${known}.`
      : `${prefix} is in a state this check does not know (${String(stateName).slice(0, 40)}); check it is Up before running.`,
  );
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
