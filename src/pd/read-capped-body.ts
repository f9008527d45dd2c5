import type { Readable } from 'node:stream';

export interface CappedBody {
  /** The body decoded as UTF-8; when cut, only the complete characters before the cut. */
  readonly text: string;
  /** Set when the body was longer than the limit: reading stopped at this many bytes. */
  readonly truncatedAtBytes?: number;
}

/**
 * Reads a response body up to `maxBytes`. Past the limit it stops and destroys the stream, so the
 * rest is never buffered and the connection is dropped instead of drained (a PD streaming without
 * end must not hold memory or a socket).
 */
export async function readCappedBody(body: Readable, maxBytes: number): Promise<CappedBody> {
  // Decoding chunk by chunk keeps one copy of the body (the string), not chunks plus their concatenation.
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let received = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = maxBytes - received;
    if (chunk.length > room) {
      // `stream: true` holds back a character whose bytes straddle the cut instead of inventing U+FFFD.
      text += decoder.decode(chunk.subarray(0, room), { stream: true });
      // Leaving the loop destroys the stream; this says so for readers who do not know for-await.
      body.destroy();
      return { text, truncatedAtBytes: maxBytes };
    }
    text += decoder.decode(chunk, { stream: true });
    received += chunk.length;
  }
  return { text: text + decoder.decode() };
}
