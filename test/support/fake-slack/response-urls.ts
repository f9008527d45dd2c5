import { randomBytes } from 'node:crypto';
import { EventLog } from './event-log.js';
import { checkMessage } from './slack-limits.js';

/** Slack: "up to 5 times within 30 minutes of receiving the payload" (reference §1.4). */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface RecordedResponse {
  id: string;
  url: string;
  /** The JSON that was posted, e.g. `{response_type:'in_channel', text, blocks, replace_original}`. */
  body: Record<string, unknown>;
  /** Clock time (the fake's `now`) when it arrived. */
  at: number;
  /** 1-based use count of this response_url, so tests can assert on the 5-use budget. */
  use: number;
}

export interface ResponseUrlReply {
  status: number;
  contentType: string;
  body: string;
}

interface Minted {
  mintedAt: number;
  uses: number;
}

/**
 * The `response_url` webhooks. Error bodies are plain text, as Slack's webhooks answer; a use is
 * only counted for an accepted post, so a rejected one does not burn the budget.
 */
export class ResponseUrls {
  readonly log = new EventLog<RecordedResponse>((r) => `response ${r.id} (use ${r.use})`);
  readonly #minted = new Map<string, Minted>();
  readonly #baseUrl: string;
  readonly #now: () => number;

  constructor(baseUrl: string, now: () => number) {
    this.#baseUrl = baseUrl;
    this.#now = now;
  }

  /** The payload's arrival time is the mint time: the 30 minutes run from then. */
  mint(): string {
    const id = randomBytes(8).toString('hex');
    this.#minted.set(id, { mintedAt: this.#now(), uses: 0 });
    return `${this.#baseUrl}/response/${id}`;
  }

  post(id: string, rawBody: string): ResponseUrlReply {
    const minted = this.#minted.get(id);
    // Never-minted URLs get the answer Slack gives for a dead webhook.
    if (!minted) return text(404, 'no_service');
    const now = this.#now();
    if (now - minted.mintedAt > RESPONSE_URL_TTL_MS) return text(404, 'expired_url');
    if (minted.uses >= RESPONSE_URL_MAX_USES) return text(404, 'used_url');
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return text(400, 'invalid_payload');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return text(400, 'invalid_payload');
    // A refused post does not use up the URL, so the bot's plain-text retry still has its budget.
    const tooBig = checkMessage(body as { text?: unknown; blocks?: unknown });
    if (tooBig) return text(400, tooBig.error);
    minted.uses += 1;
    this.log.push({
      id,
      url: `${this.#baseUrl}/response/${id}`,
      body: body as Record<string, unknown>,
      at: now,
      use: minted.uses,
    });
    return { status: 200, contentType: 'application/json', body: '{"ok":true}' };
  }
}

function text(status: number, body: string): ResponseUrlReply {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}
