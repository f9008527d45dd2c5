export const EVICT_LEADER = 'evict-leader-scheduler';

/** Schedulers a master PD starts with (classic kernel). */
export const DEFAULT_SCHEDULERS = [
  'balance-leader-scheduler',
  'balance-region-scheduler',
  'balance-hot-region-scheduler',
  'evict-slow-store-scheduler',
  'evict-stopping-store-scheduler',
] as const;

/** Other names in types.StringToSchedulerType: known to PD, but not simulated here. */
const OTHER_KNOWN = [
  'balance-witness-scheduler',
  'evict-slow-trend-scheduler',
  'grant-leader-scheduler',
  'grant-hot-region-scheduler',
  'label-scheduler',
  'random-merge-scheduler',
  'scatter-range-scheduler',
  'shuffle-hot-region-scheduler',
  'shuffle-leader-scheduler',
  'shuffle-region-scheduler',
  'split-bucket-scheduler',
  'transfer-witness-leader-scheduler',
];

export function isKnownScheduler(name: string): boolean {
  return (
    name === EVICT_LEADER ||
    (DEFAULT_SCHEDULERS as readonly string[]).includes(name) ||
    OTHER_KNOWN.includes(name)
  );
}

/** Schedulers that take no arguments, so the simulator can add and remove them by name. */
export function isSimpleScheduler(name: string): boolean {
  return (DEFAULT_SCHEDULERS as readonly string[]).includes(name);
}

/** PD keeps a pause as whole Unix seconds: delayAt = time.Now().Unix(), delayUntil = delayAt + delay. */
interface Pause {
  readonly pausedAtUnixSec: number;
  readonly resumeAtUnixSec: number;
}

const unixSec = (wallMs: number): number => Math.floor(wallMs / 1000);

/** What the registry needs of the evict-leader scheduler (evict-leader-scheduler.ts), which it names. */
export interface EvictLeaderPresence {
  /** Whether any store is being evicted, i.e. whether PD lists the scheduler. */
  readonly exists: boolean;
  removeAll(): void;
}

/** Which schedulers are running (GET /schedulers), and pauses set through POST /schedulers/{name}. */
export class SchedulerRegistry {
  readonly #simple = new Set<string>(DEFAULT_SCHEDULERS);
  readonly #pauses = new Map<string, Pause>();
  readonly #evictLeader: EvictLeaderPresence;

  constructor(evictLeader: EvictLeaderPresence) {
    this.#evictLeader = evictLeader;
  }

  /** Running scheduler names; PD's order is random (map iteration), this one is stable. */
  names(): string[] {
    const names = [...this.#simple];
    if (this.#evictLeader.exists) names.push(EVICT_LEADER);
    return names;
  }

  has(name: string): boolean {
    return this.#simple.has(name) || (name === EVICT_LEADER && this.#evictLeader.exists);
  }

  addSimple(name: string): boolean {
    if (this.#simple.has(name)) return false;
    this.#simple.add(name);
    return true;
  }

  /** Removes a scheduler by its exact name; false when it is not running. */
  remove(name: string): boolean {
    this.#pauses.delete(name);
    if (name === EVICT_LEADER) {
      if (!this.#evictLeader.exists) return false;
      this.#evictLeader.removeAll();
      return true;
    }
    return this.#simple.delete(name);
  }

  /** delay 0 resumes; the delay is a whole number of seconds (the body is a map[string]int64). */
  pause(name: string, delaySeconds: number, nowWallMs: number): void {
    if (delaySeconds <= 0) this.#pauses.delete(name);
    else {
      const pausedAtUnixSec = unixSec(nowWallMs);
      this.#pauses.set(name, { pausedAtUnixSec, resumeAtUnixSec: pausedAtUnixSec + delaySeconds });
    }
  }

  /** ScheduleController.IsPaused: time.Now().Unix() < delayUntil. */
  isPaused(name: string, nowWallMs: number): boolean {
    const pause = this.#pauses.get(name);
    return pause !== undefined && unixSec(nowWallMs) < pause.resumeAtUnixSec;
  }

  pauses(nowWallMs: number): { name: string; pausedAtUnixSec: number; resumeAtUnixSec: number }[] {
    return this.names()
      .filter((name) => this.isPaused(name, nowWallMs))
      .map((name) => ({ name, ...(this.#pauses.get(name) as Pause) }));
  }
}
