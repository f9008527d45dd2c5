/** The buttons and select on App Home; their own prefix, so the `tikv:` message-button listener never sees them. */
export const HOME_ACTION_PREFIX = 'home:';
export const HOME_STORES_ACTION_ID = 'home:stores';
export const HOME_FORM_ACTION_ID = 'home:form';
export const HOME_UNDRAIN_ACTION_ID = 'home:undrain';
export const HOME_CANCEL_ACTION_ID = 'home:cancel';
/** Approve / Reject on Home; the value is the approval id, decided by ApprovalService like any click. */
export const HOME_APPROVE_ACTION_ID = 'home:approve';
export const HOME_REJECT_ACTION_ID = 'home:reject';

/**
 * What a Home button asks for: an action, its cluster and the arguments it fills in. It is only a
 * request: the click runs through the same flow as the typed command (validation, policy, approval,
 * audit), so a forged value can ask for nothing a typed command could not.
 */
export interface HomeButtonValue {
  /** The action's name. */
  readonly a: string;
  /** The cluster's name. */
  readonly c: string;
  /** Arguments as typed text, by parameter name. */
  readonly p?: Readonly<Record<string, string>>;
}

export function homeButtonValue(value: HomeButtonValue): string {
  return JSON.stringify(value);
}

/** The value, or undefined for anything not shaped like one (an old or forged button). */
export function parseHomeButtonValue(text: string | undefined): HomeButtonValue | undefined {
  if (text === undefined || text.length > 2000) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { a, c, p } = parsed as Record<string, unknown>;
  if (typeof a !== 'string' || typeof c !== 'string') return undefined;
  if (p === undefined) return { a, c };
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return undefined;
  const params = Object.entries(p as Record<string, unknown>);
  if (!params.every(([, v]) => typeof v === 'string')) return undefined;
  return { a, c, p: Object.fromEntries(params) as Record<string, string> };
}
