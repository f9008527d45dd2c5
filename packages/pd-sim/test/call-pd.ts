import type { PdSim } from '../src/start-pd-sim.js';

export interface PdAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly body: string;
}

/** One real HTTP round trip to the simulator; `body` objects are sent as JSON, strings verbatim. */
export async function callPd(sim: PdSim, method: string, path: string, body?: unknown): Promise<PdAnswer> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await fetch(`${sim.url}${path}`, { ...init, redirect: 'manual' });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: await response.text(),
  };
}

/** Go's rendering of a string message: the JSON string plus a newline. */
export function goString(message: string): string {
  return `${JSON.stringify(message)}\n`;
}

export const JSON_TYPE = 'application/json; charset=UTF-8';
export const OCTET_TYPE = 'application/octet-stream';
export const TEXT_TYPE = 'text/plain; charset=utf-8';
