import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import {
  type ApprovalMetricState,
  type Metrics,
  type PdExchangeMetric,
  RESPONSE_URL_METHOD,
} from '../core/metrics/metrics.js';
import { PD_TRANSPORT_ERROR_CODES } from './pd-error-codes.js';
import { pdPathTemplate } from './pd-path-template.js';

/** Everything not in a label's known set is counted under this value. */
export const OTHER = 'other';

const OUTCOMES = new Set([
  'ok',
  'preview',
  'invalid_input',
  'denied',
  'needs_approval',
  'pd_error',
  'internal_error',
]);
const APPROVAL_STATES = new Set<string>(['requested', 'approved', 'rejected', 'expired']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Slack method names are the bot's own (chat.postMessage, …); the pattern only guards the shape. */
const SLACK_METHOD = /^[a-z]+(\.[a-zA-Z]+){1,3}$/;
/** PD answers in milliseconds to seconds; the top buckets catch the response timeout (10 s default). */
const PD_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface PrometheusMetricsOptions {
  /** The action names the bot offers; any other name is counted as `other`. */
  readonly actions: readonly string[];
  /** The configured cluster names; any other is counted as `other`. */
  readonly clusters: readonly string[];
  /** Read at each scrape: the follow-ups this process polls now. */
  readonly followUpsInFlight?: () => number;
  /** Process and event-loop metrics (default true); tests that count series turn them off. */
  readonly defaultMetrics?: boolean;
}

/**
 * The Metrics port on prom-client, in its own Registry (never the global one, so two bots in one
 * test process, or a library that registers on the global, cannot collide). Every label value is
 * checked against a closed set here, the one place they are turned into series.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #actions: ReadonlySet<string>;
  readonly #clusters: ReadonlySet<string>;
  readonly #commands: Counter<'action' | 'cluster' | 'outcome'>;
  readonly #approvals: Counter<'state'>;
  readonly #pdDuration: Histogram<'endpoint' | 'method' | 'status'>;
  readonly #pdErrors: Counter<'code'>;
  readonly #slackCalls: Counter<'method'>;
  readonly #slackErrors: Counter<'method'>;
  readonly #dedupe: Counter;

  constructor(options: PrometheusMetricsOptions) {
    this.#actions = new Set(options.actions);
    this.#clusters = new Set(options.clusters);
    const registers = [this.registry];
    this.#commands = new Counter({
      name: 'tikv_chatops_commands_total',
      help: 'Commands the engine finished, by action, cluster and outcome (ok, denied, needs_approval, pd_error, …)',
      labelNames: ['action', 'cluster', 'outcome'],
      registers,
    });
    this.#approvals = new Counter({
      name: 'tikv_chatops_approvals_total',
      help: 'Approvals entering each state: requested, approved, rejected, expired',
      labelNames: ['state'],
      registers,
    });
    this.#pdDuration = new Histogram({
      name: 'tikv_chatops_pd_request_duration_seconds',
      help: 'PD HTTP exchanges by endpoint (path template), method and status (none when PD did not answer)',
      labelNames: ['endpoint', 'method', 'status'],
      buckets: PD_BUCKETS,
      registers,
    });
    this.#pdErrors = new Counter({
      name: 'tikv_chatops_pd_transport_errors_total',
      help: 'PD exchanges that got no answer, by kind (PD_CONNECTION_REFUSED, PD_RESPONSE_TIMEOUT, PD_TLS_…)',
      labelNames: ['code'],
      registers,
    });
    this.#slackCalls = new Counter({
      name: 'tikv_chatops_slack_api_calls_total',
      help: 'Slack Web API calls by method, and response_url posts (method="response_url")',
      labelNames: ['method'],
      registers,
    });
    this.#slackErrors = new Counter({
      name: 'tikv_chatops_slack_api_errors_total',
      help: 'Slack Web API calls that failed (error answer or no answer), by method',
      labelNames: ['method'],
      registers,
    });
    this.#dedupe = new Counter({
      name: 'tikv_chatops_dedupe_hits_total',
      help: 'Slack requests already taken (retries, replays): answered without running anything',
      registers,
    });
    const followUps = options.followUpsInFlight;
    new Gauge({
      name: 'tikv_chatops_follow_ups_in_flight',
      help: 'Writes this process is following to their end now',
      registers,
      collect() {
        this.set(followUps?.() ?? 0);
      },
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  commandFinished(labels: { action: string; cluster: string; outcome: string }): void {
    this.#commands.inc({
      action: this.#actions.has(labels.action) ? labels.action : OTHER,
      cluster: this.#clusters.has(labels.cluster) ? labels.cluster : OTHER,
      outcome: OUTCOMES.has(labels.outcome) ? labels.outcome : OTHER,
    });
  }

  approvalChanged(state: ApprovalMetricState): void {
    this.#approvals.inc({ state: APPROVAL_STATES.has(state) ? state : OTHER });
  }

  pdExchange(exchange: PdExchangeMetric): void {
    const status =
      exchange.status !== undefined &&
      Number.isInteger(exchange.status) &&
      exchange.status >= 100 &&
      exchange.status < 600
        ? String(exchange.status)
        : 'none';
    this.#pdDuration.observe(
      {
        endpoint: pdPathTemplate(exchange.path),
        method: METHODS.has(exchange.method) ? exchange.method : OTHER,
        status,
      },
      Math.max(0, exchange.durationMs) / 1000,
    );
    if (exchange.errorCode !== undefined) {
      this.#pdErrors.inc({
        code: PD_TRANSPORT_ERROR_CODES.has(exchange.errorCode) ? exchange.errorCode : OTHER,
      });
    }
  }

  slackApiCall(method: string, ok: boolean): void {
    const label =
      method === RESPONSE_URL_METHOD || (SLACK_METHOD.test(method) && method.length <= 64) ? method : OTHER;
    this.#slackCalls.inc({ method: label });
    if (!ok) this.#slackErrors.inc({ method: label });
  }

  dedupeHit(): void {
    this.#dedupe.inc();
  }

  /** The text exposition format, for GET /metrics. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
