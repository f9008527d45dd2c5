import type { DirectoryError, RegionPeers, StoreSummary } from '../stores/store-directory.js';

/**
 * Help a form gives before it is submitted: live choices for store fields and what PD says about
 * the region and target typed so far. A convenience only: the submitted values are validated and
 * PD still judges them. A port: the subject implements it (it knows which stores suit which action).
 */

export interface StoreOptionsQuery {
  readonly cluster: string;
  /** The action's name (snake_case) and the store parameter being picked. */
  readonly action: string;
  readonly field: string;
  /** What the user typed in the picker (matched against id, address and labels). */
  readonly typed: string;
  /** The form's other values so far, raw as typed (e.g. region_id), for per-action filters. */
  readonly form: Readonly<Record<string, string>>;
  /** At most this many stores are returned (Slack shows 100). */
  readonly limit: number;
  readonly waitMs: number;
  readonly correlationId?: string;
}

export type StoreOptionsAnswer =
  | {
      readonly ok: true;
      /** Best matches first, at most `limit`. */
      readonly stores: readonly StoreSummary[];
      /** How many stores matched in all (may exceed `limit`). */
      readonly matched: number;
      /** Which stores this field offers, in words: "Up stores with leaders", "stores holding a voter of region 42". */
      readonly scope: string;
      /** False when PD was slow or failing and an older list was used. */
      readonly fresh: boolean;
      /** When PD answered the list used, ms since the epoch. */
      readonly readAt: number;
    }
  | { readonly ok: false; readonly error: DirectoryError };

export interface FormContextQuery {
  readonly cluster: string;
  readonly action: string;
  /** The form's values so far, raw as typed. */
  readonly form: Readonly<Record<string, string>>;
  readonly waitMs: number;
  readonly correlationId?: string;
}

export interface FormContext {
  /** The region the form names; undefined when none is typed yet. */
  readonly regionId?: number;
  /** The region's peers, or 'not_found'; undefined when PD could not be asked in time. */
  readonly region?: RegionPeers | 'not_found';
  /** Plain-text lines: what PD said (leader, peers), or why it could not be asked. */
  readonly notes: readonly string[];
  /** Plain-text warnings that do not block the form: PD stays the judge. */
  readonly warnings: readonly string[];
}

export interface FormAssist {
  storeOptions(query: StoreOptionsQuery): Promise<StoreOptionsAnswer>;
  /** Undefined when this action's form has nothing to show (no region field). */
  formContext(query: FormContextQuery): Promise<FormContext | undefined>;
}
