/**
 * The fields of PD's StoreInfo (pd-api.md §4, pkg/response/store.go) that the store views show,
 * read leniently: PD omits zero values (omitempty), so a missing count is 0 and a missing flag false.
 */
export interface StoreInfoView {
  readonly id: number;
  readonly address: string;
  /** state_name: Up, Offline, Tombstone, or Disconnected / Down for an Up store without heartbeats. */
  readonly stateName: string;
  readonly labels: readonly { readonly key: string; readonly value: string }[];
  readonly version: string;
  readonly leaderCount: number;
  readonly regionCount: number;
  readonly capacity: string;
  readonly available: string;
  readonly slowScore: number;
  /** status.pause_leader_transfer_in: set for a store in evict-leader-scheduler's list. */
  readonly evicting: boolean;
  readonly store: Readonly<Record<string, unknown>>;
  readonly status: Readonly<Record<string, unknown>>;
}

/** PD reports slow_score 1..100; evict-slow-store treats 80 and above as slow. */
const SLOW_SCORE = 80;
/** PD's default low-space-ratio is 0.8: a store with under 20% of its capacity free is low on space. */
const LOW_SPACE_FREE_RATIO = 0.2;

const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
  EiB: 2 ** 60,
};

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * PD's `GET /stores` body (`{"count": N, "stores": [StoreInfo, …]}`) as views, in PD's order; undefined
 * when it is not that shape. PD always sends `stores` (it builds the slice with make, never nil), so a
 * body without it is not PD's answer; `null` is still read as none, as Go would encode a nil slice.
 */
export function readStoreInfos(rawBody: string): StoreInfoView[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const list = (parsed as { stores?: unknown }).stores;
  if (list === null) return [];
  if (!Array.isArray(list)) return undefined;
  const views: StoreInfoView[] = [];
  for (const item of list as unknown[]) {
    const view = readStoreInfo(item);
    if (!view) return undefined;
    views.push(view);
  }
  return views;
}

/** One StoreInfo object, or undefined when it lacks the id and state every StoreInfo has. */
export function readStoreInfo(value: unknown): StoreInfoView | undefined {
  const info = record(value);
  const store = record(info?.store);
  const status = record(info?.status) ?? {};
  if (!store || typeof store.id !== 'number' || typeof store.state_name !== 'string') return undefined;
  const labels = Array.isArray(store.labels)
    ? store.labels.flatMap((l) => {
        const label = record(l);
        return label && typeof label.key === 'string' && typeof label.value === 'string'
          ? [{ key: label.key, value: label.value }]
          : [];
      })
    : [];
  return {
    id: store.id,
    address: str(store.address),
    stateName: store.state_name,
    labels,
    version: str(store.version),
    leaderCount: num(status.leader_count),
    regionCount: num(status.region_count),
    capacity: str(status.capacity),
    available: str(status.available),
    slowScore: num(status.slow_score),
    evicting: status.pause_leader_transfer_in === true,
    store,
    status,
  };
}

/** PD's human byte strings ("1.969TiB", "0B"), as bytes; undefined for anything else. */
export function parseByteSize(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([KMGTPE]iB|B)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/** Why a store needs someone to look at it, most serious first; empty for a healthy Up store. */
export function storeAttention(view: StoreInfoView): string[] {
  const reasons: string[] = [];
  if (view.stateName !== 'Up') reasons.push(view.stateName.toLowerCase());
  if (view.slowScore >= SLOW_SCORE) reasons.push('slow');
  if (view.evicting) reasons.push('evicting');
  const capacity = parseByteSize(view.capacity);
  const available = parseByteSize(view.available);
  if (capacity !== undefined && available !== undefined && capacity > 0) {
    if (available / capacity < LOW_SPACE_FREE_RATIO) reasons.push('low space');
  }
  return reasons;
}

/** "zone=az2 host=tikv-3", in PD's order. */
export function labelText(view: StoreInfoView): string {
  return view.labels.map((l) => `${l.key}=${l.value}`).join(' ');
}
