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
  const chunks: Buffer[] = [];
  let received = 0;
  let cut = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (received + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - received));
      received = maxBytes;
      cut = true;
      break;
    }
    chunks.push(chunk);
    received += chunk.length;
  }
  // Leaving the loop early already destroys the stream; this also covers bodies not iterated to the end.
  if (cut) body.destroy();
  // `stream: true` holds back a character whose bytes straddle the cut instead of inventing U+FFFD.
  const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks, received), { stream: cut });
  return cut ? { text, truncatedAtBytes: maxBytes } : { text };
}
