import type { ServerResponse } from 'node:http';

const CHUNK_BYTES = 64 * 1024;
const FILLER = Buffer.from('pd-sim huge answer; '.repeat(Math.ceil(CHUNK_BYTES / 20)).slice(0, CHUNK_BYTES));
// PD writes its messages as Go-encoded JSON strings: `"…"\n`.
const OPEN = '"';
const CLOSE = '"\n';

/**
 * The `huge` and `endless` faults: a body written at the pace the client reads it (never held
 * whole, so a 10 GB answer costs the simulator 64 KiB), stopping when the client goes away.
 * `bytes` undefined means it never ends.
 */
export function streamFaultBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  bytes: number | undefined,
): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=UTF-8',
    ...(bytes !== undefined && { 'content-length': String(bytes) }),
  });
  if (bytes !== undefined && bytes < OPEN.length + CLOSE.length) {
    res.end(`${OPEN}${CLOSE}`.slice(0, bytes));
    return;
  }
  let filler = bytes === undefined ? Number.POSITIVE_INFINITY : bytes - OPEN.length - CLOSE.length;
  let stopped = false;
  res.on('close', () => {
    stopped = true;
  });
  res.write(OPEN);
  const pump = (): void => {
    while (!stopped) {
      if (filler === 0) {
        res.end(CLOSE);
        return;
      }
      const size = Math.min(CHUNK_BYTES, filler);
      filler -= size;
      if (!res.write(FILLER.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}
