/**
 * Which regions have a peer on each store, kept up to date on every peer change so that
 * /regions/store/{id} and the evict-leader scheduler never scan the whole region table.
 * Each store has an unordered list of region indexes; `position` remembers, per region peer slot,
 * where that peer sits in its store's list, which makes removal a constant-time swap.
 */
export class StoreRegionIndex {
  readonly #lists: Int32Array[] = [];
  readonly #lengths: Int32Array;
  readonly #position: Uint32Array;
  readonly #slotsPerRegion: number;
  readonly #findSlot: (regionIndex: number, storeId: number) => number;

  constructor(options: {
    maxStoreId: number;
    regionCount: number;
    slotsPerRegion: number;
    /** Initial peers per store, so the lists are allocated once at start-up. */
    peersPerStore: Int32Array;
    findSlot: (regionIndex: number, storeId: number) => number;
  }) {
    this.#lengths = new Int32Array(options.maxStoreId + 1);
    this.#position = new Uint32Array(options.regionCount * options.slotsPerRegion);
    this.#slotsPerRegion = options.slotsPerRegion;
    this.#findSlot = options.findSlot;
    for (let store = 0; store <= options.maxStoreId; store++) {
      const expected = options.peersPerStore[store] ?? 0;
      this.#lists.push(new Int32Array(Math.max(4, expected + (expected >> 4))));
    }
  }

  get maxStoreId(): number {
    return this.#lengths.length - 1;
  }

  count(storeId: number): number {
    return this.#lengths[storeId] ?? 0;
  }

  /** The live backing list; only the first count(storeId) entries are meaningful. */
  regionsOf(storeId: number): Int32Array {
    return this.#lists[storeId] ?? new Int32Array(0);
  }

  add(storeId: number, regionIndex: number, slot: number): void {
    let list = this.#lists[storeId];
    if (list === undefined) return;
    const length = this.#lengths[storeId] ?? 0;
    if (length === list.length) {
      const grown = new Int32Array(list.length * 2);
      grown.set(list);
      this.#lists[storeId] = grown;
      list = grown;
    }
    list[length] = regionIndex;
    this.#position[regionIndex * this.#slotsPerRegion + slot] = length;
    this.#lengths[storeId] = length + 1;
  }

  /** Must be called while the region still has its peer in `slot`. */
  remove(storeId: number, regionIndex: number, slot: number): void {
    const list = this.#lists[storeId];
    if (list === undefined) return;
    const last = (this.#lengths[storeId] ?? 0) - 1;
    const at = this.#position[regionIndex * this.#slotsPerRegion + slot] ?? 0;
    const moved = list[last] ?? 0;
    list[at] = moved;
    this.#lengths[storeId] = last;
    if (moved !== regionIndex || at !== last) {
      const movedSlot = this.#findSlot(moved, storeId);
      if (movedSlot >= 0) this.#position[moved * this.#slotsPerRegion + movedSlot] = at;
    }
  }

  /** A peer changed slot inside its region (peers shift left when one is removed). */
  moveSlot(regionIndex: number, fromSlot: number, toSlot: number): void {
    const base = regionIndex * this.#slotsPerRegion;
    this.#position[base + toSlot] = this.#position[base + fromSlot] ?? 0;
  }
}
