import { createHmac } from 'node:crypto';
import { ackLimitError } from './slack-limits.js';

/** Exactly what Slack sends: Bolt's receivers answer 400 to anything else, even with `; charset=…`. */
export const SLACK_FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

export interface SignedRequestOptions {
  /** Unix seconds for X-Slack-Request-Timestamp; default now. */
  timestamp?: number | string;
  /** Shortcut for a timestamp this many seconds in the past (Bolt rejects > 300). */
  ageSeconds?: number;
  /** Sent instead of the real signature, to forge a request. The real one is still computed. */
  signature?: string;
  /** Send neither signature nor timestamp header. */
  unsigned?: boolean;
  /** Override the Content-Type, e.g. to prove a charset suffix is rejected. */
  contentType?: string;
  headers?: Record<string, string>;
  /** Abort the request after this long (default 15 s; Bolt itself answers 404 after 3001 ms). */
  timeoutMs?: number;
}

export interface SignedResponse {
  status: number;
  /** The raw response body; an empty ack() gives ''. */
  body: string;
  /** The body parsed as JSON when it is JSON (e.g. `ack({text})` or `response_action`). */
  json?: unknown;
  headers: Headers;
  /** Real ms from sending the request to receiving the response headers: the ack latency Slack sees. */
  elapsedMs: number;
}

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` keyed by the signing secret (reference §4.1). */
export function signSlackRequest(signingSecret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** A bare origin gets Bolt's default endpoint appended; a URL with a path is used as is. */
export function slackEventsUrl(botUrl: string): string {
  const url = new URL(botUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/slack/events';
  return url.toString();
}

/** POSTs an already-encoded body the way Slack does, signed unless told otherwise. */
export async function postSignedBody(
  botUrl: string,
  signingSecret: string,
  body: string,
  opts: SignedRequestOptions = {},
): Promise<SignedResponse> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const timestamp = String(opts.timestamp ?? nowSeconds - (opts.ageSeconds ?? 0));
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? SLACK_FORM_CONTENT_TYPE,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...(!opts.unsigned && {
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': opts.signature ?? signSlackRequest(signingSecret, timestamp, body),
    }),
    ...opts.headers,
  };
  const started = performance.now();
  const response = await fetch(slackEventsUrl(botUrl), {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
  });
  const elapsedMs = performance.now() - started;
  const text = await response.text();
  const parsed = parseJson(text);
  // Slack shows the user an error instead of an over-limit ack; here the test fails, naming the limit.
  const limitError = ackLimitError(parsed.json);
  if (limitError !== undefined) throw new Error(limitError);
  return { status: response.status, body: text, ...parsed, headers: response.headers, elapsedMs };
}

/** A slash command as Slack's HTTP delivery sends it: the fields, form-urlencoded. */
export function postSlashCommand(
  botUrl: string,
  signingSecret: string,
  fields: Record<string, string>,
  opts?: SignedRequestOptions,
): Promise<SignedResponse> {
  return postSignedBody(botUrl, signingSecret, new URLSearchParams(fields).toString(), opts);
}

/** An interaction (block_actions, view_submission, …): one form field `payload` holding the JSON. */
export function postInteraction(
  botUrl: string,
  signingSecret: string,
  payload: object,
  opts?: SignedRequestOptions,
): Promise<SignedResponse> {
  return postSignedBody(
    botUrl,
    signingSecret,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    opts,
  );
}

function parseJson(text: string): { json?: unknown } {
  if (text === '') return {};
  try {
    return { json: JSON.parse(text) };
  } catch {
    return {};
  }
}
