import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redactRedisUrl } from './redact-redis-url.js';
import { RedisUnreachableError, SharedStoreUnavailableError } from './shared-store-error.js';

export interface RedisConnectionOptions {
  /** redis://[:password@]host:port[/db] or rediss:// for TLS. */
  readonly url: string;
  /** Every key starts with this, so two deployments can share one Redis without seeing each other. */
  readonly keyPrefix: string;
  readonly logger: Logger;
  /** How long the first connection may take before the bot refuses to start (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** A command unanswered this long fails (default 2 s): a click never hangs on a stalled Redis. */
  readonly commandTimeoutMs?: number;
}

/**
 * One ioredis client shared by the Redis stores. Commands are never queued while disconnected
 * (enableOfflineQueue false, no per-request retries): a write that needs Redis fails at once with a
 * clear error instead of running late, possibly after another replica decided. The client keeps
 * reconnecting in the background, so the stores recover by themselves when Redis returns.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly keyPrefix: string;
  /** The URL with its password hidden: safe for logs. */
  readonly displayUrl: string;
  readonly #logger: Logger;
  #closed = false;

  private constructor(client: Redis, options: RedisConnectionOptions) {
    this.client = client;
    this.keyPrefix = options.keyPrefix;
    this.displayUrl = redactRedisUrl(options.url);
    this.#logger = options.logger;
    let lost = false;
    client.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.#logger.info({ decision: 'redis_recovered', redis: this.displayUrl }, 'Redis is reachable again');
    });
    client.on('close', () => {
      if (this.#closed || lost) return;
      lost = true;
      this.#logger.error(
        { decision: 'redis_lost', redis: this.displayUrl },
        'Redis connection lost: approvals, clicks and follow-up claims are refused until it returns',
      );
    });
    // ioredis emits 'error' on every failed reconnect; 'redis_lost' already said it once.
    client.on('error', () => {});
  }

  /** Connects and checks Redis answers; rejects with RedisUnreachableError otherwise. */
  static async open(options: RedisConnectionOptions): Promise<RedisConnection> {
    const client = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      // Keep trying forever, at most a second apart, so recovery follows Redis within a second.
      retryStrategy: (times) => Math.min(times * 100, 1000),
    });
    client.on('error', () => {});
    const connection = new RedisConnection(client, options);
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      connection.#closed = true;
      client.disconnect();
      throw new RedisUnreachableError(connection.displayUrl, reasonOf(error));
    }
    options.logger.info(
      { decision: 'redis_connected', redis: connection.displayUrl, keyPrefix: options.keyPrefix },
      `shared store: Redis at ${connection.displayUrl} (keys under ${options.keyPrefix})`,
    );
    return connection;
  }

  /** The prefixed key for `parts`. */
  key(...parts: string[]): string {
    return `${this.keyPrefix}${parts.join(':')}`;
  }

  /** True when the client is connected and ready for commands (for readiness probes). */
  isReady(): boolean {
    return this.client.status === 'ready';
  }

  /** Round trip to Redis: resolves true when it answers PONG, false otherwise (never rejects). */
  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Runs `command`, turning any Redis failure into SharedStoreUnavailableError naming `operation`. */
  async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      const reason = reasonOf(error);
      this.#logger.warn(
        { decision: 'redis_refused', operation, redis: this.displayUrl, reason },
        `${operation} refused: Redis did not answer (${reason})`,
      );
      throw new SharedStoreUnavailableError(operation, reason);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}
