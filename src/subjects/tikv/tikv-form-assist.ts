import type {
  FormAssist,
  FormContext,
  FormContextQuery,
  StoreOptionsAnswer,
  StoreOptionsQuery,
} from '../../core/forms/form-assist.js';
import type { StoreDirectory } from '../../core/stores/store-directory.js';
import { matchStores, type RegionInForm, storeScope } from './pick-stores.js';
import { moveTargetFindings, type RegionFact, type StoreFact } from './target-store-findings.js';

/** A positive integer as typed in a form, else undefined (the form's validation says why on submit). */
function idOf(raw: string | undefined): number | undefined {
  const text = raw?.trim() ?? '';
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

const MOVES = new Set(['transfer_leader', 'transfer_peer']);

/**
 * TiKV's help for forms: store choices filtered for the action, and for a leader or peer move the
 * region's peers and the target's warnings (the same moveTargetFindings the dry run uses). Reads go
 * through the StoreDirectory, so they are cached and shared.
 */
export class TikvFormAssist implements FormAssist {
  constructor(readonly directory: StoreDirectory) {}

  async storeOptions(query: StoreOptionsQuery): Promise<StoreOptionsAnswer> {
    const read = {
      waitMs: query.waitMs,
      ...(query.correlationId !== undefined && { correlationId: query.correlationId }),
    };
    const regionId = idOf(query.form.region_id);
    const [stores, region] = await Promise.all([
      this.directory.stores(query.cluster, read),
      regionId !== undefined && needsRegion(query.action, query.field)
        ? this.directory.region(query.cluster, regionId, read)
        : undefined,
    ]);
    if (!stores.ok) return stores;
    let inForm: RegionInForm = { kind: 'none' };
    if (regionId !== undefined && region !== undefined) {
      if (!region.ok) inForm = { kind: 'unread', id: regionId };
      else if (region.region === undefined) inForm = { kind: 'not_found', id: regionId };
      else inForm = { kind: 'known', region: region.region };
    }
    const scope = storeScope(query.action, query.field, inForm);
    const matched = matchStores(stores.snapshot.stores, query.typed, scope.keep, query.limit);
    return {
      ok: true,
      stores: matched.stores,
      matched: matched.matched,
      scope: scope.scope,
      fresh: stores.fresh,
      readAt: stores.snapshot.readAt,
    };
  }

  async formContext(query: FormContextQuery): Promise<FormContext | undefined> {
    if (!MOVES.has(query.action)) return undefined;
    const regionId = idOf(query.form.region_id);
    if (regionId === undefined) return { notes: [], warnings: [] };
    const toStoreId = idOf(query.form.to_store_id);
    const fromStoreId = idOf(query.form.from_store_id);
    const read = {
      waitMs: query.waitMs,
      ...(query.correlationId !== undefined && { correlationId: query.correlationId }),
    };
    const [region, stores] = await Promise.all([
      this.directory.region(query.cluster, regionId, read),
      toStoreId !== undefined ? this.directory.stores(query.cluster, read) : undefined,
    ]);
    const regionFact: RegionFact = !region.ok
      ? { kind: 'unread', why: region.error.detail }
      : region.region === undefined
        ? { kind: 'not_found' }
        : { kind: 'known', region: region.region };
    const base = {
      regionId,
      ...(regionFact.kind === 'known' && { region: regionFact.region }),
      ...(regionFact.kind === 'not_found' && { region: 'not_found' as const }),
    };
    let storeFact: StoreFact | undefined;
    if (stores !== undefined) {
      if (!stores.ok) storeFact = { kind: 'unread', why: stores.error.detail };
      else {
        const store = stores.snapshot.stores.find((s) => s.id === toStoreId);
        storeFact =
          store === undefined
            ? { kind: 'not_listed', how: 'is not among the stores PD lists (unknown, or Tombstone)' }
            : { kind: 'known', stateName: store.stateName, evicting: store.evicting };
      }
    }
    const findings = moveTargetFindings({
      action: query.action as 'transfer_leader' | 'transfer_peer',
      regionId,
      ...(toStoreId !== undefined && { toStoreId }),
      ...(fromStoreId !== undefined && { fromStoreId }),
      ...(storeFact !== undefined && { store: storeFact }),
      region: regionFact,
    });
    // A list older than the cache's freshness stood in for a slow PD: say so next to the states.
    const stale = stores?.ok === true && !stores.fresh;
    return {
      ...base,
      notes: [
        ...findings.notes,
        ...(stale ? ['Store states are from an earlier read: PD did not answer in time just now.'] : []),
      ],
      warnings: findings.warnings,
    };
  }
}

function needsRegion(action: string, field: string): boolean {
  return MOVES.has(action) && (field === 'to_store_id' || field === 'from_store_id');
}
