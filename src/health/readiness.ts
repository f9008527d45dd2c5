/** A dependency that answers a cheap liveness question, e.g. Redis' PING. */
export interface PingTarget {
  ping(): Promise<void>;
}

/** One part of readiness: ok, or what is wrong with it in a few words. */
export type PartState =
  | { readonly ok: true; readonly detail?: string }
  | { readonly ok: false; readonly detail: string };

/**
 * Parts a probe may leave out with `/readyz?exclude=pd` (like kube-apiserver's `?exclude=etcd`):
 * a PD or Redis outage then shows in the body without making the pod unready, so a rollout or a
 * node drain (PodDisruptionBudget) is not blocked by an outage the bot is needed for. Slack, config
 * and the shutdown are never excluded.
 */
export const EXCLUDABLE_PARTS = ['pd', 'redis'] as const;
export type ExcludablePart = (typeof EXCLUDABLE_PARTS)[number];

export interface ReadinessReport {
  readonly ready: boolean;
  /** In a fixed order: config, slack, pd <cluster> for each cluster, redis, shutdown. */
  readonly parts: readonly { readonly name: string; readonly state: PartState; readonly excluded?: true }[];
}

export interface ReadinessOptions {
  readonly clusters: readonly string[];
  /** Whether Slack traffic can reach the bot now (the Socket Mode websocket open, or HTTP listening). */
  readonly slack: () => PartState;
  /** Present when REDIS_URL is set. */
  readonly redis?: PingTarget;
  /** A Redis PING slower than this counts as Redis unreachable (default 1,000 ms). */
  readonly pingTimeoutMs?: number;
}

const NOT_YET: PartState = { ok: false, detail: 'start-up probe not done yet' };

/**
 * What /readyz answers. PD's part is what the last probe found (at start, then periodically: see
 * PdReachability), never a PD read per /readyz hit, so a probe storm cannot load PD.
 */
export class Readiness {
  readonly #options: ReadinessOptions;
  readonly #pd = new Map<string, PartState>();
  #config: PartState = { ok: false, detail: 'configuration not loaded yet' };
  #draining = false;
  #redisPing: Promise<PartState> | undefined;

  constructor(options: ReadinessOptions) {
    this.#options = options;
    for (const cluster of options.clusters) this.#pd.set(cluster, NOT_YET);
  }

  /** The policy, audit sink and clusters are in place. */
  configLoaded(): void {
    this.#config = { ok: true };
  }

  setPd(cluster: string, state: PartState): void {
    if (this.#pd.has(cluster)) this.#pd.set(cluster, state);
  }

  /** From the first moment of a shutdown: Kubernetes stops routing here while the work drains. */
  startDraining(): void {
    this.#draining = true;
  }

  get draining(): boolean {
    return this.#draining;
  }

  async report(exclude: ReadonlySet<ExcludablePart> = new Set()): Promise<ReadinessReport> {
    const parts: { name: string; state: PartState; excluded?: true }[] = [
      { name: 'config', state: this.#config },
      { name: 'slack', state: this.#options.slack() },
      ...[...this.#pd].map(([cluster, state]) => ({ name: `pd ${cluster}`, state })),
    ];
    if (this.#options.redis !== undefined) parts.push({ name: 'redis', state: await this.#pingRedis() });
    if (this.#draining)
      parts.push({ name: 'shutdown', state: { ok: false, detail: 'draining: taking no new work' } });
    for (const part of parts) {
      const kind = part.name.split(' ', 1)[0] as ExcludablePart;
      // Checked here too, not only by the route: slack, config and the shutdown always count.
      if (EXCLUDABLE_PARTS.includes(kind) && exclude.has(kind)) part.excluded = true;
    }
    return { ready: parts.every((p) => p.state.ok || p.excluded), parts };
  }

  /** One PING at a time: concurrent probe hits share it, so Redis sees at most one in flight. */
  #pingRedis(): Promise<PartState> {
    const redis = this.#options.redis as PingTarget;
    this.#redisPing ??= withTimeout(redis.ping(), this.#options.pingTimeoutMs ?? 1000)
      .then(
        (): PartState => ({ ok: true }),
        (error: unknown): PartState => ({
          ok: false,
          detail: `unreachable (${error instanceof Error ? error.message : String(error)})`,
        }),
      )
      .finally(() => {
        this.#redisPing = undefined;
      });
    return this.#redisPing;
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The /readyz body: a first line a person reads at a glance, then one line per part. */
export function formatReadiness(report: ReadinessReport): string {
  const failing = report.parts.filter((p) => !p.state.ok && !p.excluded);
  const head = report.ready ? 'ready' : `not ready: ${failing.map((p) => p.name).join(', ')}`;
  const lines = report.parts.map(
    (p) =>
      `${p.name}: ${p.state.ok ? 'ok' : 'NOT READY'}${p.state.detail !== undefined ? ` (${p.state.detail})` : ''}${p.excluded ? ' [excluded]' : ''}`,
  );
  return `${head}\n${lines.join('\n')}\n`;
}
