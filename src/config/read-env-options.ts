import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ClusterConfig } from '../clusters/cluster-config.js';
import type { ReadFileSync } from '../clusters/read-pem-file.js';
import { CLUSTER_ENV_NAMES, readClusterSource } from './read-cluster-source.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
const DEFAULT_TIMEOUT_MS = 10_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v),
      `${name} must be an http:// or https:// URL`,
    );

const millis = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .min(100, `${name} must be at least 100 ms`)
    .max(600_000, `${name} must be at most 600000 ms`)
    .default(fallback);

/** Where Socket Mode serves /healthz, /readyz and /metrics unless HEALTH_PORT says otherwise. */
export const DEFAULT_HEALTH_PORT = 8080;

/** Time kept after the slowest possible PD call for the audit record and the Slack reply. */
export const SHUTDOWN_REPLY_MARGIN_MS = 5000;

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string({ error: 'SLACK_BOT_TOKEN is missing (the Bot User OAuth Token, xoxb-…)' })
      .trim()
      .startsWith('xoxb-', 'SLACK_BOT_TOKEN must start with xoxb- (the Bot User OAuth Token)'),
    SLACK_SIGNING_SECRET: z.string().trim().min(1, 'SLACK_SIGNING_SECRET is empty').optional(),
    SLACK_APP_TOKEN: z
      .string()
      .trim()
      .startsWith(
        'xapp-',
        'SLACK_APP_TOKEN must start with xapp- (an app-level token with connections:write)',
      )
      .optional(),
    SLACK_API_URL: url('SLACK_API_URL').optional(),
    // PD_ENDPOINTS, PD_CACERT, PD_CERT, PD_KEY and CLUSTERS_FILE are read by readClusterSource.
    PORT: z.coerce
      .number({ error: 'PORT must be a number' })
      .int()
      .min(0)
      .max(65535, 'PORT must be at most 65535')
      .default(3000),
    // Socket Mode only: HTTP mode serves /healthz, /readyz and /metrics on PORT, beside Slack's route.
    HEALTH_PORT: z.coerce
      .number({ error: 'HEALTH_PORT must be a number' })
      .int('HEALTH_PORT must be a whole number')
      .min(0, 'HEALTH_PORT must be at least 0')
      .max(65535, 'HEALTH_PORT must be at most 65535')
      .default(DEFAULT_HEALTH_PORT),
    HEALTH_HOST: z.string().trim().default('0.0.0.0'),
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
      .default('info'),
    PD_CONNECT_TIMEOUT_MS: millis('PD_CONNECT_TIMEOUT_MS', DEFAULT_CONNECT_TIMEOUT_MS),
    PD_TIMEOUT_MS: millis('PD_TIMEOUT_MS', DEFAULT_TIMEOUT_MS),
    PD_MAX_BODY_BYTES: z.coerce
      .number({ error: 'PD_MAX_BODY_BYTES must be a number of bytes' })
      .int('PD_MAX_BODY_BYTES must be a whole number of bytes')
      .min(1024, 'PD_MAX_BODY_BYTES must be at least 1024')
      .max(64 * 1024 * 1024, 'PD_MAX_BODY_BYTES must be at most 67108864 (64 MiB)')
      .default(1024 * 1024),
    SHUTDOWN_DEADLINE_MS: millis('SHUTDOWN_DEADLINE_MS', 25_000),
    GROUP_LOOKUP_TIMEOUT_MS: millis('GROUP_LOOKUP_TIMEOUT_MS', 3000),
    FOLLOW_DRAIN_STALL_MINUTES: positive('FOLLOW_DRAIN_STALL_MINUTES', 'minutes', 5, 24 * 60),
    FOLLOW_DRAIN_MAX_HOURS: positive('FOLLOW_DRAIN_MAX_HOURS', 'hours', 6, 7 * 24),
    FOLLOW_POLL_MAX_SECONDS: positive('FOLLOW_POLL_MAX_SECONDS', 'seconds', 30, 600),
    FOLLOW_MAX_READS_PER_CLUSTER: positive('FOLLOW_MAX_READS_PER_CLUSTER', 'reads', 4, 64),
    // chat.update is Tier 3 (50+ a minute per workspace): 40 leaves room for the bot's other edits.
    FOLLOW_EDITS_PER_MINUTE: z.coerce
      .number({ error: 'FOLLOW_EDITS_PER_MINUTE must be a number of edits' })
      .int('FOLLOW_EDITS_PER_MINUTE must be a whole number of edits')
      .min(2, 'FOLLOW_EDITS_PER_MINUTE must be at least 2')
      .max(600, 'FOLLOW_EDITS_PER_MINUTE must be at most 600')
      .default(40),
    // REDIS_URL set: a replica's claim on a follow-up holds this long unrenewed (renewed every third
    // of it), so another replica takes over one whose replica died within about this long.
    FOLLOW_LEASE_SECONDS: z.coerce
      .number({ error: 'FOLLOW_LEASE_SECONDS must be a number of seconds' })
      .min(2, 'FOLLOW_LEASE_SECONDS must be at least 2')
      .max(600, 'FOLLOW_LEASE_SECONDS must be at most 600')
      .default(30),
    POLICY_FILE: z.string().trim().optional(),
    AUDIT_FILE: z.string().trim().optional(),
    REDIS_URL: z
      .string()
      .trim()
      .refine(
        (v) => /^rediss?:\/\/[^\s/]+/i.test(v) && URL.canParse(v),
        'REDIS_URL must be a redis:// or rediss:// (TLS) URL, e.g. redis://:password@redis:6379/0',
      )
      .optional(),
    // Two deployments (say staging and production) may share one Redis: their keys never meet.
    REDIS_KEY_PREFIX: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'REDIS_KEY_PREFIX must be 1-64 letters, digits, or _ . : -')
      .default('tikv-chatops:'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'SLACK_SIGNING_SECRET is missing (needed in HTTP mode; set SLACK_APP_TOKEN instead for Socket Mode)',
      });
    }
  });

/**
 * Every environment variable the bot reads: the schema's, and the clusters' (readClusterSource).
 * Deployment manifests are checked against it, so a misspelt name there fails a test instead of
 * being silently ignored at run time.
 */
export const BOT_ENV_NAMES: readonly string[] = [...Object.keys(envSchema.shape), ...CLUSTER_ENV_NAMES];

export interface BotConfig {
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret?: string;
    readonly appToken?: string;
    readonly apiUrl?: string;
    readonly port: number;
  };
  /**
   * Socket Mode: where /healthz, /readyz and /metrics are served (HEALTH_HOST:HEALTH_PORT, default
   * 0.0.0.0:8080). HTTP mode serves them on Slack's port and ignores this. Absent: no health server.
   */
  readonly health?: { readonly port: number; readonly host: string };
  /**
   * Every cluster the bot can act on, TLS files read: from CLUSTERS_FILE, or one named `default`
   * from PD_ENDPOINTS. Never empty.
   */
  readonly clusters: readonly ClusterConfig[];
  /** Where the clusters came from, for the start log line; undefined when from PD_ENDPOINTS. */
  readonly clustersFile?: string;
  /** PD's body is read up to this many bytes (every cluster); the rest is discarded and the cut is reported. */
  readonly pdMaxBodyBytes: number;
  /** SIGTERM/SIGINT: finish in-flight work within this, then exit (below Kubernetes' 30 s grace). */
  readonly shutdownDeadlineMs: number;
  /** A Slack user-group lookup slower than this denies with "could not check your groups". */
  readonly groupLookupTimeoutMs: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Who may run what where; without it every mutating action is denied. */
  readonly policyFile?: string;
  /** Append-only JSON-lines audit trail, fsync'd before each reply. */
  readonly auditFile?: string;
  /** Shared store for several replicas (REDIS_URL); absent: one replica, state in memory. */
  readonly redis?: { readonly url: string; readonly keyPrefix: string };
  /** Values that must never be logged. */
  readonly secrets: readonly string[];
  /** How writes are followed to their end (FOLLOW_*); absent: the defaults. */
  readonly followUps?: {
    readonly drainStallMs: number;
    readonly drainMaxMs: number;
    readonly maxPollMs: number;
    readonly maxReadsPerCluster: number;
    /** Follow-up message edits per minute, all messages together (FOLLOW_EDITS_PER_MINUTE, default 40). */
    readonly editsPerMinute?: number;
    /** How long a replica's claim on a follow-up holds unrenewed (FOLLOW_LEASE_SECONDS, default 30 s). */
    readonly leaseMs?: number;
  };
}

export type ConfigResult =
  | {
      readonly ok: true;
      readonly config: BotConfig;
      /** Worth a look but not fatal, e.g. an expired certificate: print them, then start. */
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface ReadEnvIo {
  /** Reads CLUSTERS_FILE and the TLS files; synchronous, as this runs once before anything starts. */
  readonly readFile?: ReadFileSync;
  /** Certificates are judged expired or not at this time. */
  readonly now?: Date;
}

/**
 * Reads and checks the whole environment at once, with the clusters file and TLS files it names,
 * so one start shows every problem.
 */
export function readEnvOptions(
  env: Readonly<Record<string, string | undefined>>,
  io: ReadEnvIo = {},
): ConfigResult {
  // Empty variables (as left by `.env.example`) count as unset.
  const present = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '',
    ),
  );
  const parsed = envSchema.safeParse(present);
  // Timeouts the clusters fall back on; if they are themselves wrong the start fails anyway, but the
  // clusters file is still checked so its problems show in the same run.
  const defaultTimeouts = parsed.success
    ? { connectTimeoutMs: parsed.data.PD_CONNECT_TIMEOUT_MS, responseTimeoutMs: parsed.data.PD_TIMEOUT_MS }
    : { connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS, responseTimeoutMs: DEFAULT_TIMEOUT_MS };
  const source = readClusterSource({
    env: present,
    defaultTimeouts,
    readFile: io.readFile ?? readFileSync,
    now: io.now ?? new Date(),
  });
  // Messages name the variable and the rule, never the value: a value may be a secret.
  const problems = [
    ...new Set(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)),
    ...(source.ok ? [] : source.problems),
  ];
  if (!parsed.success || !source.ok) return { ok: false, problems };
  const e = parsed.data;
  const shutdownProblems = source.clusters.flatMap((cluster) => {
    // In-flight PD calls must be able to finish (or time out) and still leave time for the reply.
    const worstCase = cluster.pd.connectTimeoutMs + cluster.pd.responseTimeoutMs + SHUTDOWN_REPLY_MARGIN_MS;
    if (e.SHUTDOWN_DEADLINE_MS >= worstCase) return [];
    const timeouts =
      source.clustersFile === undefined
        ? 'PD_CONNECT_TIMEOUT_MS + PD_TIMEOUT_MS'
        : `cluster "${cluster.name}"'s connect + response timeouts`;
    return [
      `SHUTDOWN_DEADLINE_MS must be at least ${timeouts} + ${SHUTDOWN_REPLY_MARGIN_MS} (${worstCase} ms), so a PD call in flight at shutdown can finish and its reply still be posted`,
    ];
  });
  if (shutdownProblems.length > 0) return { ok: false, problems: shutdownProblems };
  const secrets = [
    e.SLACK_BOT_TOKEN,
    e.SLACK_SIGNING_SECRET,
    e.SLACK_APP_TOKEN,
    redisPassword(e.REDIS_URL),
    // Private keys never belong in a log line; redacted should one ever reach one.
    ...source.clusters.map((c) => c.pd.tls?.key?.pem.trim()),
  ].filter((s): s is string => !!s);
  return {
    ok: true,
    warnings: source.warnings,
    config: {
      slack: {
        botToken: e.SLACK_BOT_TOKEN,
        ...(e.SLACK_SIGNING_SECRET !== undefined && { signingSecret: e.SLACK_SIGNING_SECRET }),
        ...(e.SLACK_APP_TOKEN !== undefined && { appToken: e.SLACK_APP_TOKEN }),
        ...(e.SLACK_API_URL !== undefined && { apiUrl: e.SLACK_API_URL }),
        port: e.PORT,
      },
      health: { port: e.HEALTH_PORT, host: e.HEALTH_HOST },
      clusters: source.clusters,
      ...(source.clustersFile !== undefined && { clustersFile: source.clustersFile }),
      pdMaxBodyBytes: e.PD_MAX_BODY_BYTES,
      shutdownDeadlineMs: e.SHUTDOWN_DEADLINE_MS,
      groupLookupTimeoutMs: e.GROUP_LOOKUP_TIMEOUT_MS,
      logLevel: e.LOG_LEVEL,
      ...(e.POLICY_FILE !== undefined && { policyFile: e.POLICY_FILE }),
      ...(e.AUDIT_FILE !== undefined && { auditFile: e.AUDIT_FILE }),
      ...(e.REDIS_URL !== undefined && { redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX } }),
      secrets,
      followUps: {
        drainStallMs: e.FOLLOW_DRAIN_STALL_MINUTES * 60_000,
        drainMaxMs: e.FOLLOW_DRAIN_MAX_HOURS * 3_600_000,
        maxPollMs: e.FOLLOW_POLL_MAX_SECONDS * 1000,
        maxReadsPerCluster: e.FOLLOW_MAX_READS_PER_CLUSTER,
        editsPerMinute: e.FOLLOW_EDITS_PER_MINUTE,
        leaseMs: e.FOLLOW_LEASE_SECONDS * 1000,
      },
    },
  };
}

function redisPassword(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const password = decodeURIComponent(new URL(url).password);
  return password === '' ? undefined : password;
}

/** A positive number of `unit` (fractions allowed), at most `max`. */
function positive(name: string, unit: string, fallback: number, max: number) {
  return z.coerce
    .number({ error: `${name} must be a number of ${unit}` })
    .positive(`${name} must be more than 0`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);
}

export function formatConfigProblems(problems: readonly string[]): string {
  return `tikv-chatops cannot start; fix the environment:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable and clusters.example.yaml for CLUSTERS_FILE.`;
}
