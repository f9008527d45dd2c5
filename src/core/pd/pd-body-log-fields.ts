import { pdBodyExcerpt } from './pd-body-excerpt.js';

/**
 * Bytes of PD's body kept in a log line (pdBody, an audit line's pd.rawBody, an error's rawBody).
 * Log pipelines split long lines (Docker's json-file driver at 16 KiB); this keeps PD text well under.
 */
export const LOG_PD_BODY_BYTES = 2048;

export interface PdBodyLogFields {
  /** The first LOG_PD_BODY_BYTES bytes of PD's body. */
  readonly pdBody: string;
  /** How many bytes of body the bot received. */
  readonly pdBodyBytes: number;
  /** pdBody is not the whole of what PD sent. */
  readonly pdBodyTruncated: boolean;
  /** PD's body was longer than the client's read limit (this many bytes); the rest was never read. */
  readonly pdTruncatedAtBytes?: number;
}

/** PD's body as log fields: a bounded prefix and its length, never the whole answer. */
export function pdBodyLogFields(rawBody: string, truncatedAtBytes?: number): PdBodyLogFields {
  const excerpt = pdBodyExcerpt(rawBody, LOG_PD_BODY_BYTES, truncatedAtBytes);
  return {
    pdBody: excerpt.text,
    pdBodyBytes: excerpt.bytes,
    pdBodyTruncated: excerpt.truncated,
    ...(truncatedAtBytes !== undefined && { pdTruncatedAtBytes: truncatedAtBytes }),
  };
}
