/**
 * What the bot counts and times, as core sees it: a port, so core, the PD client and the Slack front
 * end record facts without knowing Prometheus (src/metrics implements it with prom-client). Values
 * passed here may be raw (a PD path with a region id, an action name a user typed); the adapter
 * bounds every label, so a caller can never blow up the series count.
 */
export interface Metrics {
  /** One command's end: every request the engine executes, whatever became of it. */
  commandFinished(labels: { action: string; cluster: string; outcome: string }): void;
  /** An approval entered this state (requested, approved, rejected, expired). */
  approvalChanged(state: ApprovalMetricState): void;
  /** One HTTP exchange with one PD endpoint: status when PD answered, errorCode when it did not. */
  pdExchange(exchange: PdExchangeMetric): void;
  /** One Slack Web API call (or a response_url post: RESPONSE_URL_METHOD), and whether Slack said ok. */
  slackApiCall(method: string, ok: boolean): void;
  /** A Slack request or envelope already taken (a retry or a replay): nothing ran. */
  dedupeHit(): void;
}

/** The `method` a response_url post is counted under: replies to commands and clicks go there. */
export const RESPONSE_URL_METHOD = 'response_url';

export type ApprovalMetricState = 'requested' | 'approved' | 'rejected' | 'expired';

export interface PdExchangeMetric {
  readonly method: string;
  /** The request's path as sent (the adapter turns ids into placeholders). */
  readonly path: string;
  readonly durationMs: number;
  readonly status?: number;
  /** PD_CONNECTION_REFUSED, …: set when PD did not answer. */
  readonly errorCode?: string;
}

/** The default: records nothing (tests, the console, and anything wired without a registry). */
export const NO_METRICS: Metrics = {
  commandFinished() {},
  approvalChanged() {},
  pdExchange() {},
  slackApiCall() {},
  dedupeHit() {},
};
