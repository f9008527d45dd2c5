export interface PdBodyExcerpt {
  /** The start of PD's body: whole characters, at most `maxBytes` bytes of UTF-8. */
  readonly text: string;
  /** UTF-8 length of the body the bot received (for a body the client cut, what it kept). */
  readonly bytes: number;
  /** `text` is not everything PD sent: cut here, or already by the client's read limit. */
  readonly truncated: boolean;
}

/** The start of PD's raw body for places that must stay small (log lines, audit records). */
export function pdBodyExcerpt(rawBody: string, maxBytes: number, truncatedAtBytes?: number): PdBodyExcerpt {
  const clientCut = truncatedAtBytes !== undefined;
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short strings need no encoding to be judged.
  if (rawBody.length * 3 <= maxBytes) {
    return { text: rawBody, bytes: Buffer.byteLength(rawBody), truncated: clientCut };
  }
  const bytes = Buffer.byteLength(rawBody);
  if (bytes <= maxBytes) return { text: rawBody, bytes, truncated: clientCut };
  // Every UTF-16 unit is at least one byte, so this prefix covers the cut without encoding a
  // megabyte body to keep two kilobytes of it.
  const encoded = Buffer.from(rawBody.slice(0, maxBytes), 'utf8');
  // `stream: true` drops a character whose bytes straddle the cut rather than writing U+FFFD.
  const text = new TextDecoder('utf-8').decode(encoded.subarray(0, maxBytes), { stream: true });
  return { text, bytes, truncated: true };
}
