/**
 * Small deterministic PRNG (mulberry32) so a seed always yields the same cluster: tests and demos can
 * quote region and store facts without reading them back from the simulator first.
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    // Mix the seed once so nearby seeds (1, 2, 3) do not start with correlated sequences.
    this.#state = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Random unsigned 64-bit value with the top bits set, like PD's cluster and member IDs (> 2^53). */
  uint64Above2Pow53(): bigint {
    const high = BigInt(this.int(0x20000000, 0x7fffffff));
    const low = BigInt(this.int(0, 0xffffffff));
    return (high << 32n) | low;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.int(0, 15).toString(16);
    return out;
  }
}
