/** A PD HTTP call as data: what the client sends, what a dry-run shows, what the audit records. */
export interface PdRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path under the PD endpoint, starting with /pd/api/v1. */
  readonly path: string;
  /** JSON body, sent exactly as pd-ctl sends it. */
  readonly body?: Readonly<Record<string, unknown>>;
  /**
   * For a read whose answer grows with the number of stores (never regions): how much of the body the
   * client may read, when that is more than its configured limit. 10,000 stores are ~12 MB of JSON.
   */
  readonly maxBodyBytes?: number;
}

/** The body bytes PD receives: compact JSON, as pd-ctl's json.Marshal produces. */
export function encodePdBody(request: PdRequest): string | undefined {
  return request.body === undefined ? undefined : JSON.stringify(request.body);
}
