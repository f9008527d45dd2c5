import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DestinationStream, Logger } from 'pino';
import { InMemoryApprovalStore } from './approvals/in-memory-approval-store.js';
import { openAuditSink } from './audit/open-audit-sink.js';
import type { BotConfig } from './config/read-env-options.js';
import type { ApprovalService } from './core/approvals/approval-service.js';
import { type Clock, type Engine, systemClock } from './core/engine/engine.js';
import { newCorrelationId } from './core/engine/new-correlation-id.js';
import {
  DEFAULT_FOLLOW_UP_SETTINGS,
  type FollowUpSettings,
  type FollowUpTimers,
} from './core/follow-ups/follow-up-ports.js';
import { FollowUpService } from './core/follow-ups/follow-up-service.js';
import type { FollowUpStore } from './core/follow-ups/follow-up-store.js';
import { OVERVIEW_TTL_MS, OverviewCache } from './core/home/overview-cache.js';
import { InMemoryFollowUpStore } from './follow-ups/in-memory-follow-up-store.js';
import { pdFollowUpReader } from './follow-ups/pd-follow-up-reader.js';
import { realTimers } from './follow-ups/real-timers.js';
import type { HealthRoute } from './health/health-routes.js';
import { PdReachability } from './health/pd-reachability.js';
import { probePdAtStart } from './health/probe-pd-at-start.js';
import type { PingTarget, Readiness } from './health/readiness.js';
import { startHealth } from './health/start-health.js';
import type { HealthServer } from './health/start-health-server.js';
import { drainAndStop, type ShutdownResult, type StartTimer } from './lifecycle/drain-and-stop.js';
import { InFlightWork } from './lifecycle/in-flight-work.js';
import { createLogger } from './logging/create-logger.js';
import { flushLogger } from './logging/flush-logger.js';
import type { PrometheusMetrics } from './metrics/prometheus-metrics.js';
import type { PdClient } from './pd/pd-client.js';
import { denyAllPolicy } from './policy/deny-all-policy.js';
import type { Policy } from './policy/policy-schema.js';
import { readPolicySetting } from './policy/read-policy-setting.js';
import { UsergroupDirectory } from './policy/usergroup-directory.js';
import {
  type PolicyFileWatchOptions,
  policyFileFingerprint,
  watchPolicyFile,
} from './policy/watch-policy-file.js';
import { RedisApprovalStore } from './redis/redis-approval-store.js';
import { RedisConnection } from './redis/redis-connection.js';
import { RedisFollowUpStore } from './redis/redis-follow-up-store.js';
import { RedisReplayGuard } from './redis/redis-replay-guard.js';
import { countReplayHits } from './slack/count-replay-hits.js';
import { countResponseUrlPosts } from './slack/count-response-url-posts.js';
import { createSlackApp, type SlackFrontEnd } from './slack/create-slack-app.js';
import { SlackFollowUpNotifier } from './slack/follow-up-notifier.js';
import { followUpSlackApi } from './slack/follow-up-slack-api.js';
import { modalMetadataKey } from './slack/modal-metadata.js';
import { postChatMessage } from './slack/post-chat-message.js';
import { postToResponseUrl } from './slack/post-to-response-url.js';
import { InMemoryReplayGuard, REPLAY_TTL_MS, type ReplayGuard } from './slack/replay-guard.js';
import type { SlackMessage } from './slack/slack-message.js';
import { startApprovalSweeper } from './slack/start-approval-sweeper.js';
import { usergroupMemberLister } from './slack/usergroup-member-lister.js';
import { buildTikvEngine, createPdClients, tikvClusterOptions } from './subjects/tikv/build-tikv-engine.js';
import { PdStoreDirectory } from './subjects/tikv/pd-store-directory.js';
import { TIKV_ACTIONS } from './subjects/tikv/tikv-actions.js';
import { tikvClusterOverview } from './subjects/tikv/tikv-cluster-overview.js';
import { TikvFormAssist } from './subjects/tikv/tikv-form-assist.js';

export interface BotIo {
  readonly logDestination?: DestinationStream;
  readonly clock?: Clock;
  readonly newCorrelationId?: () => string;
  /** Tests shorten Socket Mode's heartbeat. */
  readonly clientPingTimeoutMs?: number;
  /** Tests bind to loopback only. */
  readonly host?: string;
  /** How often pending approvals are checked for expiry (default 30 s). */
  readonly approvalSweepMs?: number;
  /** The shutdown deadline's timer; tests fire it by hand. */
  readonly startTimer?: StartTimer;
  /** Where follow-ups live; several bots may share one (as they will share Redis). Default: in memory. */
  readonly followUpStore?: FollowUpStore;
  /** The follow-ups' poll and edit timers; tests drive them with the clock. */
  readonly followUpTimers?: FollowUpTimers;
  /** This bot's name as a follow-up owner (default host, pid and a random part). */
  readonly instanceId?: string;
  /** What App Home lists as operators the bot started (default: the follow-up store); tests pass their own. */
  readonly followUps?: Pick<FollowUpStore, 'listActive' | 'listRecent'>;
  /** How long an App Home open waits for a cluster's PD (default 2,500 ms). */
  readonly homeWaitMs?: number;
  /** The shared store's connection when REDIS_URL is set: /readyz PINGs it. Absent: no Redis part. */
  readonly redis?: PingTarget;
  /** How often /readyz's view of each PD is refreshed (default 15 s). */
  readonly pdReprobeMs?: number;
  /** Process and event-loop metrics on /metrics (default true). */
  readonly defaultMetrics?: boolean;
  /** The POLICY_FILE watch's timers and intervals (default: real timers, 300 ms, 10 s). */
  readonly policyWatch?: Partial<
    Pick<PolicyFileWatchOptions, 'timers' | 'debounceMs' | 'pollMs' | 'watchDirectory'>
  >;
}

export interface RunningBot {
  readonly slack: SlackFrontEnd;
  readonly logger: Logger;
  readonly engine: Engine;
  readonly approvals: ApprovalService;
  /** Writes being followed to their end. */
  readonly followUps: FollowUpService;
  /** Expires due approvals and announces them now, as the periodic sweep would. */
  sweepApprovals(): Promise<void>;
  /** Bound port in HTTP mode. */
  readonly port?: number;
  /**
   * The shared store when REDIS_URL is set (isReady() is the client's own view, ping() a round trip
   * that never rejects); undefined with the in-memory stores.
   */
  readonly redis?: Pick<RedisConnection, 'isReady' | 'ping' | 'displayUrl'>;
  /** Socket Mode with config.health set: the port /healthz, /readyz and /metrics are served on. */
  readonly healthPort?: number;
  /** What /readyz reports, and the metrics /metrics serves. */
  readonly health: {
    readonly readiness: Readiness;
    readonly pd: PdReachability;
    readonly metrics: PrometheusMetrics;
  };
  /** Requests and sweeps in progress: what a shutdown waits for. */
  readonly work: InFlightWork;
  /**
   * Re-reads POLICY_FILE (main wires it to SIGHUP). A bad file keeps the policy in force and says
   * why; a good one applies to the next command and to clicks on pending approvals.
   */
  reloadPolicy(): Promise<{ ok: true } | { ok: false; problems: string }>;
  /**
   * Graceful shutdown (main wires SIGTERM and SIGINT to it): refuses new requests, lets the ones
   * in flight finish (PD call, audit record, Slack reply), then stops Slack, PD and the audit sink
   * and flushes the log, within config.shutdownDeadlineMs. Resolves with the exit code. Calling it
   * again returns the same shutdown.
   */
  shutdown(reason: string): Promise<ShutdownResult>;
  /** shutdown('stop()') for callers that do not exit (tests). */
  stop(): Promise<void>;
}

/** How long a replica's claim on a follow-up holds unrenewed (REDIS_URL set; FOLLOW_LEASE_SECONDS). */
const DEFAULT_FOLLOW_UP_LEASE_MS = 30_000;

/** The composition root: every piece of I/O is created here and handed to the parts that use it. */
export async function startBot(config: BotConfig, io: BotIo = {}): Promise<RunningBot> {
  const logger = createLogger({
    level: config.logLevel,
    secrets: config.secrets,
    ...(io.logDestination && { destination: io.logDestination }),
  });
  const clock = io.clock ?? systemClock;
  // Bound late: the Slack app and the follow-up service exist further down.
  let slack: SlackFrontEnd | undefined;
  let followUpsRef: FollowUpService | undefined;
  let redisRef: RedisConnection | undefined;
  // /readyz PINGs Redis through this; the connection itself is opened further down.
  const redisPing =
    io.redis ??
    (config.redis === undefined
      ? undefined
      : {
          ping: async () => {
            if (redisRef === undefined) throw new Error('not connected yet');
            await redisRef.client.ping();
          },
        });
  const {
    metrics,
    readiness,
    routes,
    server: healthServer,
  } = await startHealth({
    actions: TIKV_ACTIONS.map((a) => a.name),
    clusters: config.clusters.map((c) => c.name),
    slack: () => slack?.connection() ?? { ok: false, detail: 'Slack app not started yet' },
    followUpsInFlight: () => followUpsRef?.following ?? 0,
    logger,
    // Socket Mode opens no port for Slack: probes get their own; HTTP mode serves them on Bolt's.
    ...(config.slack.appToken !== undefined && config.health !== undefined && { serve: config.health }),
    ...(redisPing !== undefined && { redis: redisPing }),
    ...(io.defaultMetrics !== undefined && { defaultMetrics: io.defaultMetrics }),
  });
  try {
    return await startWithHealth(
      config,
      io,
      { logger, clock, metrics, readiness, routes, healthServer },
      {
        setSlack: (s) => {
          slack = s;
        },
        setFollowUps: (f) => {
          followUpsRef = f;
        },
        setRedis: (r) => {
          redisRef = r;
        },
      },
    );
  } catch (error) {
    await healthServer?.close();
    throw error;
  }
}

interface HealthParts {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: PrometheusMetrics;
  readonly readiness: Readiness;
  readonly routes: readonly HealthRoute[];
  readonly healthServer: HealthServer | undefined;
}

async function startWithHealth(
  config: BotConfig,
  io: BotIo,
  { logger, clock, metrics, readiness, routes, healthServer }: HealthParts,
  bind: {
    setSlack(s: SlackFrontEnd): void;
    setFollowUps(f: FollowUpService): void;
    setRedis(r: RedisConnection): void;
  },
): Promise<RunningBot> {
  // Taken before the policy is read: a change in between is then seen by the watch, not lost.
  const policyBaseline =
    config.policyFile === undefined ? undefined : await policyFileFingerprint(config.policyFile);
  let policy = await loadPolicy(config, logger);
  // Before anything else opens: with REDIS_URL set and Redis not answering the bot refuses to start
  // (RedisUnreachableError), rather than run alone with a claim no other replica sees.
  const redis =
    config.redis === undefined
      ? undefined
      : await RedisConnection.open({ url: config.redis.url, keyPrefix: config.redis.keyPrefix, logger });
  if (redis !== undefined) bind.setRedis(redis);
  const audit = await openAuditSink({
    logger,
    ...(config.auditFile !== undefined && { auditFile: config.auditFile }),
  });
  readiness.configLoaded();
  // Bound late: the Web API client exists once the Slack app does.
  let slack: SlackFrontEnd | undefined;
  const directory = new UsergroupDirectory({
    clock,
    timeoutMs: config.groupLookupTimeoutMs,
    listMembers: usergroupMemberLister({
      botToken: config.slack.botToken,
      ...(config.slack.apiUrl !== undefined && { apiUrl: config.slack.apiUrl }),
      timeoutMs: config.groupLookupTimeoutMs,
      logger,
      metrics,
    }),
  });
  const approvalStore =
    redis === undefined ? new InMemoryApprovalStore({ clock }) : new RedisApprovalStore(redis, { clock });
  const tikvClusters = config.clusters.map(tikvClusterOptions);
  const pds = createPdClients(tikvClusters, config.pdMaxBodyBytes, metrics);
  // Before the engine exists: whether a cluster's PD is the simulator is part of its description,
  // learnt here once (a simulator behind PD_ENDPOINTS), never flipped later by an answer.
  // Every cluster at once: one that hangs to its connect timeout does not delay the others.
  const simulated = new Set(
    (
      await Promise.all(
        config.clusters.map(async (cluster) =>
          (await probePdAtStart(cluster, pds.get(cluster.name) as PdClient, logger, clock.now(), readiness))
            ? [cluster.name]
            : [],
        ),
      )
    ).flat(),
  );
  const {
    registry,
    engine,
    close: closePd,
  } = buildTikvEngine({
    clusters: tikvClusters.map((c) => ({ ...c, simulated: simulated.has(c.name) })),
    pds,
    logger,
    clock,
    metrics,
    safety: {
      policy: () => policy,
      groupsOf: (userId, candidates) =>
        candidates.length === 0 ? Promise.resolve([]) : directory.groupsOf(userId, candidates),
      approvals: approvalStore,
      audit,
    },
  });
  const { approvals } = engine;
  // One cached, single-flight view of each cluster's stores: pickers and form context share it.
  const storeDirectory = new PdStoreDirectory({ transports: pds, clock });
  const work = new InFlightWork(clock);
  const followUpTimers = io.followUpTimers ?? realTimers;
  // Follow-up polls have their own PD clients: a burst of them never queues a command behind it, and
  // at shutdown they are aborted (destroy) where the commands' clients are drained (close).
  const followPds = createPdClients(tikvClusters, config.pdMaxBodyBytes, metrics);
  // Replies to commands and clicks: counted like Web API calls, so delivery failures show in /metrics.
  const countedResponseUrl = countResponseUrlPosts(postToResponseUrl, metrics);
  const followUpStore =
    io.followUpStore ??
    (redis === undefined ? new InMemoryFollowUpStore({ clock }) : new RedisFollowUpStore(redis, { clock }));
  const localReplayGuard = new InMemoryReplayGuard({ clock });
  const replayGuard: ReplayGuard =
    redis === undefined
      ? localReplayGuard
      : new RedisReplayGuard(redis, { ttlMs: REPLAY_TTL_MS, logger, fallback: localReplayGuard });
  const followUps = new FollowUpService({
    store: followUpStore,
    clock,
    timers: followUpTimers,
    read: pdFollowUpReader(followPds),
    notifier: new SlackFollowUpNotifier({
      api: followUpSlackApi({
        botToken: config.slack.botToken,
        ...(config.slack.apiUrl !== undefined && { apiUrl: config.slack.apiUrl }),
        logger,
        metrics,
      }),
      postToResponseUrl: countedResponseUrl,
      clock,
      timers: followUpTimers,
      logger,
      resumesAfterRestart: followUpStore.durable,
      ...(config.followUps?.editsPerMinute !== undefined && {
        editsPerMinute: config.followUps.editsPerMinute,
      }),
    }),
    logger,
    actions: () => registry.list(),
    settings: { ...DEFAULT_FOLLOW_UP_SETTINGS, ...pollSettings(config.followUps) },
    owner: io.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    // Replicas sharing Redis: a replica that dies stops renewing, and another takes its follow-ups
    // over within about this long (renewed every 10 s, so a slow event loop never loses one).
    ...(redis !== undefined &&
      io.followUpStore === undefined && {
        leaseMs: config.followUps?.leaseMs ?? DEFAULT_FOLLOW_UP_LEASE_MS,
      }),
  });
  bind.setFollowUps(followUps);
  const deps = {
    followUps,
    registry,
    engine,
    approvals,
    logger,
    newCorrelationId: io.newCorrelationId ?? newCorrelationId,
    work,
    replayGuard: countReplayHits(replayGuard, metrics),
    postToResponseUrl: countedResponseUrl,
    postViaWebApi: async (
      target: { channelId: string; userId?: string; threadTs?: string },
      message: SlackMessage,
    ) => {
      const client = slack?.app.client;
      if (!client) throw new Error('Slack client not started');
      if (target.userId !== undefined) {
        await client.chat.postEphemeral({ channel: target.channelId, user: target.userId, ...message });
        return {};
      }
      return postChatMessage(client, target, message);
    },
    updateViaWebApi: async (target: { channelId: string; ts: string }, message: SlackMessage) => {
      const client = slack?.app.client;
      if (!client) throw new Error('Slack client not started');
      await client.chat.update({ channel: target.channelId, ts: target.ts, ...message });
    },
    // HTTP mode signs with the signing secret; Socket Mode has none, so the app token stands in.
    modalMetadataKey: modalMetadataKey(config.slack.signingSecret ?? config.slack.appToken ?? ''),
    home: {
      // The PD clients the engine uses: closed with them at shutdown, so a late Home read fails fast.
      overview: new OverviewCache({
        source: tikvClusterOverview({ pds, logger, now: () => clock.now() }),
        clock,
        logger,
      }),
      cacheSeconds: OVERVIEW_TTL_MS / 1000,
      approvals: approvalStore,
      followUps: io.followUps ?? followUpStore,
      ...(io.homeWaitMs !== undefined && { waitMs: io.homeWaitMs }),
    },
    formAssist: new TikvFormAssist(storeDirectory),
    storeDirectory,
  };
  slack = createSlackApp(
    {
      ...config.slack,
      ...(io.clientPingTimeoutMs !== undefined && { clientPingTimeoutMs: io.clientPingTimeoutMs }),
      ...(io.host !== undefined && { host: io.host }),
      routes,
      metrics,
    },
    deps,
  );
  bind.setSlack(slack);
  const { port } = await slack.start();
  // The start-up probe gave /readyz its first answer; from here a cheap periodic one keeps it current.
  const pdReachability = new PdReachability({
    readiness,
    probes: new Map([...pds].map(([name, pd]) => [name, () => pd.probe()])),
    ...(io.pdReprobeMs !== undefined && { intervalMs: io.pdReprobeMs }),
  });
  pdReachability.start();
  // A follow-up a bot before this one released at shutdown (or never finished) is picked up here.
  await followUps.resume();
  const sweeper = startApprovalSweeper(deps, io.approvalSweepMs ?? 30_000, (sweep) =>
    work.draining
      ? Promise.resolve()
      : work.track({ kind: 'approval_sweep', label: 'expire due approvals' }, sweep),
  );
  logger.info(
    {
      decision: 'started',
      mode: slack.mode,
      port,
      clusters: config.clusters.map((c) => ({
        name: c.name,
        production: c.production,
        pdEndpoints: c.pd.endpoints,
        tls: c.pd.tls !== undefined,
      })),
      clustersFile: config.clustersFile ?? null,
      actions: registry.listActionNames(),
      policy: config.policyFile ?? null,
      auditFile: audit.file ?? null,
      followUpsResumeAfterRestart: followUpStore.durable,
      sharedStore: redis?.displayUrl ?? null,
    },
    `tikv-chatops is up (${slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${port}`}), clusters ${config.clusters
      .map((c) => `${c.name}${c.production ? ' [production]' : ''} (PD ${c.pd.endpoints.join(',')})`)
      .join(', ')}; follow-ups ${
      followUpStore.durable
        ? 'are kept in a shared store: a restart resumes them'
        : 'are kept in memory: a restart stops them (they are not resumed)'
    }`,
  );
  const reloadPolicy = serialised(async (): Promise<{ ok: true } | { ok: false; problems: string }> => {
    try {
      policy = await loadPolicy(config, logger);
      return { ok: true };
    } catch (error) {
      const problems = error instanceof Error ? error.message : String(error);
      logger.error(
        { decision: 'policy_reload_failed', problems },
        'policy not reloaded; the previous one stays in force',
      );
      return { ok: false, problems };
    }
  });
  // Kubernetes updates a mounted ConfigMap in place: reload on a change as on SIGHUP.
  const policyWatch =
    config.policyFile === undefined || policyBaseline === undefined
      ? undefined
      : watchPolicyFile({
          path: config.policyFile,
          baseline: policyBaseline,
          reload: reloadPolicy,
          logger,
          timers: realTimers,
          ...io.policyWatch,
        });
  const running = slack;
  let shuttingDown: Promise<ShutdownResult> | undefined;
  const shutdown = (reason: string): Promise<ShutdownResult> => {
    shuttingDown ??= drainAndStop({
      work,
      deadlineMs: config.shutdownDeadlineMs,
      logger,
      monotonic: () => clock.monotonic(),
      reason,
      stopStartingWork: () => {
        // First: Kubernetes stops routing here while the work in flight drains (/healthz stays 200).
        readiness.startDraining();
        pdReachability.stop();
        sweeper.stop();
        policyWatch?.close();
        // Polling stops now: the drain never waits for a follow-up, which can take hours, nor for a
        // poll PD is slow to answer.
        followUps.stopPolling();
        for (const pd of followPds.values()) void pd.destroy();
      },
      steps: [
        { name: 'release follow-ups and say so on their messages', run: () => followUps.shutdown(reason) },
        { name: 'stop the Slack receiver', run: () => running.stop() },
        // A request that slipped in just before the receiver stopped was refused; let that reply go out.
        { name: 'answer requests refused while stopping', run: () => work.whenIdle() },
        { name: 'close the PD clients', run: () => closePd() },
        { name: 'flush and close the audit sink', run: () => audit.close() },
        ...(redis === undefined ? [] : [{ name: 'close the Redis connection', run: () => redis.close() }]),
        // Last: liveness answers through the whole drain, so the pod is not killed mid-reply.
        ...(healthServer !== undefined
          ? [{ name: 'close the health server', run: () => healthServer.close() }]
          : []),
      ],
      flushLogs: () => flushLogger(logger),
      ...(io.startTimer !== undefined && { startTimer: io.startTimer }),
    });
    return shuttingDown;
  };
  return {
    slack: running,
    logger,
    engine,
    approvals,
    followUps,
    work,
    sweepApprovals: () => sweeper.sweep(),
    ...(port !== undefined && { port }),
    ...(healthServer !== undefined && { healthPort: healthServer.port }),
    ...(redis !== undefined && { redis }),
    health: { readiness, pd: pdReachability, metrics },
    reloadPolicy,
    shutdown,
    async stop() {
      await shutdown('stop()');
    },
  };
}

async function loadPolicy(config: BotConfig, logger: Logger): Promise<Policy> {
  const policy = await readPolicySetting({
    policyFile: config.policyFile,
    actionNames: TIKV_ACTIONS.map((a) => a.name),
    clusterNames: config.clusters.map((c) => c.name),
  });
  if (policy === undefined) {
    logger.warn({ decision: 'policy', policy: null }, 'no POLICY_FILE: every mutating action will be denied');
    return denyAllPolicy();
  }
  logger.info({ decision: 'policy', policy: config.policyFile, rules: policy.rules.length }, 'policy loaded');
  return policy;
}

/** FOLLOW_* settings for the poller; the edit budget goes to the notifier, the lease to the service. */
function pollSettings(followUps: BotConfig['followUps']): Partial<FollowUpSettings> {
  if (followUps === undefined) return {};
  const { editsPerMinute: _edits, leaseMs: _lease, ...poll } = followUps;
  return poll;
}

/**
 * One call at a time, in order: SIGHUP and the file watch may both reload, and a slow read of the old
 * file must never finish after a read of the new one and put the old policy back.
 */
function serialised<T>(run: () => Promise<T>): () => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return () => {
    const next = queue.then(run);
    queue = next.catch(() => {});
    return next;
  };
}
