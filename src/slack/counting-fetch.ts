import type { webApi } from '@slack/bolt';
import { type Metrics, RESPONSE_URL_METHOD } from '../core/metrics/metrics.js';

type FetchFunction = NonNullable<webApi.WebClientOptions['fetch']>;
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/**
 * The Web API client's fetch, counting each HTTP call by Slack method (the URL's last segment) and
 * whether Slack said `ok: true`; Bolt's respond() (response_url) uses it too, counted as
 * `response_url`. Each attempt counts, retries included: that is what Slack saw.
 */
export function countingFetch(metrics: Metrics, base: FetchFunction = globalThis.fetch): FetchFunction {
  return async (url, init) => {
    // Bolt's respond() posts to response_url through this fetch too: anything outside /api/ is one.
    const path = new URL(String(url)).pathname;
    const webApi = path.includes('/api/');
    const method = webApi ? (path.split('/').pop() ?? '') : RESPONSE_URL_METHOD;
    let response: FetchResponse;
    try {
      response = await base(url, init);
    } catch (error) {
      metrics.slackApiCall(method, false);
      throw error;
    }
    // Read once here and handed on as the same kind of answer: the client parses it as before.
    const text = await response.text();
    let ok = false;
    try {
      // A response_url answers 2xx when it took the message; the Web API says so in its body.
      ok = webApi
        ? response.status === 200 && (JSON.parse(text) as { ok?: unknown } | null)?.ok === true
        : response.ok;
    } catch {
      // Not JSON: an error page or a proxy's answer, a failed call.
    }
    metrics.slackApiCall(method, ok);
    return {
      ok: response.ok,
      status: response.status,
      statusText: response.statusText,
      url: response.url,
      headers: response.headers,
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    };
  };
}
