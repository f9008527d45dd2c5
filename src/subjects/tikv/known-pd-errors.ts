import type { PresentedError } from '../../core/actions/action-definition.js';
import type { PdError } from '../../core/pd/pd-errors.js';

/** `[PD:operator:ErrOperatorNotFound]operator not found` → ErrOperatorNotFound (pd-api.md §0). */
const PD_ERROR_CODE = /^\[PD:[^:\]]+:([A-Za-z]+)\]/;

/** The name of PD's typed error, when PD answered with one; undefined for anything else. */
export function pdErrorName(error: PdError): string | undefined {
  if (error.code !== 'PD_HTTP_ERROR') return undefined;
  return PD_ERROR_CODE.exec(error.pdMessage.trim())?.[1];
}

/**
 * DELETE or GET /operators/{id} with nothing running (and, for GET, nothing finished in the last
 * 10 minutes): 500 ErrOperatorNotFound (pd-api.md §2.2, §2.3).
 */
export function operatorNotFound(error: PdError, regionId: number): PresentedError | undefined {
  if (pdErrorName(error) !== 'ErrOperatorNotFound') return undefined;
  return { summary: `no operator on region ${regionId}`, nothingToDo: true };
}

/**
 * An unknown region, in the form PD answers errors: 404 on GET /region/id (v26.3, master), 500 on
 * POST /operators. The other two forms (200 `null`, 200 with id 0) are answers, which the region
 * view's presenter already calls not found.
 */
export function regionNotFound(error: PdError, regionId: number): PresentedError | undefined {
  if (pdErrorName(error) !== 'ErrRegionNotFound') return undefined;
  return { summary: `region ${regionId} not found` };
}

/**
 * ErrStoreNotFound: 404 on GET /store/{id}, 500 on operator creation and the evict-leader config
 * route. The id is PD's own (a transfer-peer names two stores), read only as digits.
 */
export function storeNotFound(error: PdError): PresentedError | undefined {
  if (pdErrorName(error) !== 'ErrStoreNotFound' || error.code !== 'PD_HTTP_ERROR') return undefined;
  const id = /store (\d{1,20}) not found/.exec(error.pdMessage)?.[1];
  return { summary: id !== undefined ? `store ${id} not found` : 'store not found' };
}

/**
 * Undrain of a store that is not drained: 404 ErrScheduleConfigNotExist when other stores are, and
 * Go's plain-text `404 page not found` when evict-leader-scheduler does not exist at all (its
 * config routes exist only while it does; pd-api.md §3.4).
 */
export function notUnderEvictLeader(error: PdError, storeId: number): PresentedError | undefined {
  if (error.code !== 'PD_HTTP_ERROR' || error.status !== 404) return undefined;
  const name = pdErrorName(error);
  const noScheduler = name === undefined && error.pdMessage.trim() === '404 page not found';
  if (name !== 'ErrScheduleConfigNotExist' && !noScheduler) return undefined;
  return { summary: `store ${storeId} is not under evict-leader; nothing to undo`, nothingToDo: true };
}

/** The first of `wordings` that knows this error. */
export function firstKnown(...wordings: readonly (PresentedError | undefined)[]): PresentedError | undefined {
  return wordings.find((w) => w !== undefined);
}
