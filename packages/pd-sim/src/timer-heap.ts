export interface SimTimer {
  readonly dueNs: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
}

/** Binary min-heap of timers ordered by due time, then creation order (deterministic ties). */
export class TimerHeap {
  readonly #items: SimTimer[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): SimTimer | undefined {
    return this.#items[0];
  }

  push(timer: SimTimer): void {
    const items = this.#items;
    items.push(timer);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(timer, items[parent] as SimTimer)) break;
      items[i] = items[parent] as SimTimer;
      i = parent;
    }
    items[i] = timer;
  }

  pop(): SimTimer | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && before(items[right] as SimTimer, items[left] as SimTimer) ? right : left;
      if (!before(items[child] as SimTimer, last)) break;
      items[i] = items[child] as SimTimer;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function before(a: SimTimer, b: SimTimer): boolean {
  return a.dueNs < b.dueNs || (a.dueNs === b.dueNs && a.seq < b.seq);
}
