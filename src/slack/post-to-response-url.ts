import type { ResponseUrlMessage } from './slack-deps.js';

export class ResponseUrlError extends Error {
  readonly code = 'SLACK_RESPONSE_URL_FAILED';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`response_url answered HTTP ${status}: ${body.slice(0, 200)}`);
    this.name = 'ResponseUrlError';
  }
}

/** The same request Bolt's respond() sends: a JSON POST to the absolute response_url. */
export async function postToResponseUrl(url: string, message: ResponseUrlMessage): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new ResponseUrlError(response.status, await response.text());
}
