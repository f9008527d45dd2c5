import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PdHttpError, PdTransportError } from '../../src/core/pd/pd-errors.js';
import { PdClient, type PdResponse } from '../../src/pd/pd-client.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';

const MiB = 1024 * 1024;

/** A local HTTP server standing in for a hostile PD; it records requests and socket closes. */
async function hostilePd(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const closed: Promise<void>[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    // Not events.once: a client dropping the connection may emit 'error' (ECONNRESET) first.
    closed.push(new Promise((resolve) => socket.on('close', () => resolve(void sockets.delete(socket)))));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Resolves once every connection PD has seen so far is closed. */
    allSocketsClosed: () => Promise.all(closed),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Writes `chunk` for ever, at the pace the client reads, until the client goes away. */
function streamForever(res: ServerResponse, chunk: Buffer): void {
  let stopped = false;
  res.on('close', () => {
    stopped = true;
  });
  const pump = () => {
    while (!stopped && res.write(chunk)) {}
    if (!stopped) res.once('drain', pump);
  };
  pump();
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(handler: (req: IncomingMessage, res: ServerResponse) => void, maxBodyBytes?: number) {
  const pd = await hostilePd(handler);
  const client = new PdClient({
    endpoint: pd.url,
    connectTimeoutMs: 2000,
    responseTimeoutMs: 20_000,
    ...(maxBodyBytes !== undefined && { maxBodyBytes }),
  });
  cleanups.push(
    () => pd.close(),
    () => client.close(),
  );
  return { pd, client };
}

async function outcome(promise: Promise<PdResponse>): Promise<PdResponse | Error> {
  try {
    return await promise;
  } catch (error) {
    return error as Error;
  }
}

/** Answers `status` with a 10 MB body, or a healthy PD's answer for GET /version. */
function tenMegabytes(status: number) {
  const body = Buffer.alloc(10 * 1000 * 1000, 'x');
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"v8.5.0"}\n');
      return;
    }
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length });
    res.end(body);
  };
}

describe('PdClient reads at most maxBodyBytes of PD answer', () => {
  it('cuts a 10 MB 200 answer at 1 MiB, keeps the real status, and the next request still works', async () => {
    const { pd, client } = await setup(tenMegabytes(200));
    const response = await client.send(transferLeaderRequest(42, 4));
    expect(response).toMatchObject({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      truncatedAtBytes: MiB,
    });
    expect(response.rawBody).toBe('x'.repeat(MiB));
    expect(response.pdMessage.endsWith(' … (cut at 1 MiB)')).toBe(true);
    // The connection carrying the rest of the body is dropped, not drained or kept.
    await pd.allSocketsClosed();
    const version = await client.send({ method: 'GET', path: '/pd/api/v1/version' });
    expect(version).toMatchObject({ status: 200, rawBody: '{"version":"v8.5.0"}\n' });
    expect(version.truncatedAtBytes).toBeUndefined();
    expect(pd.requests).toEqual(['POST /pd/api/v1/operators', 'GET /pd/api/v1/version']);
  });

  it('reports a 10 MB 500 answer as PD error 500 with the body cut, not as a transport error', async () => {
    const { client } = await setup(tenMegabytes(500));
    const error = await outcome(client.send(transferLeaderRequest(42, 4)));
    expect(error).toBeInstanceOf(PdHttpError);
    expect(error).toMatchObject({ status: 500, truncatedAtBytes: MiB, code: 'PD_HTTP_ERROR' });
    expect((error as PdHttpError).rawBody).toHaveLength(MiB);
    // The message is a log-sized summary; the whole prefix stays in rawBody.
    expect((error as PdHttpError).message.length).toBeLessThan(1000);
  });

  it.each([200, 500])(
    'returns promptly from an endless chunked %i answer, with the status PD sent',
    async (status) => {
      const { pd, client } = await setup((req, res) => {
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'application/json' }).end('"ok"\n');
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
        streamForever(res, Buffer.from('"The operator is created."\n'.repeat(1000)));
      });
      const result = await outcome(client.send(transferLeaderRequest(42, 4)));
      if (status === 200) {
        expect(result).toMatchObject({ status: 200, truncatedAtBytes: MiB });
      } else {
        expect(result).toBeInstanceOf(PdHttpError);
        expect(result).toMatchObject({ status: 500, truncatedAtBytes: MiB });
      }
      const body = result instanceof PdHttpError ? result.rawBody : (result as PdResponse).rawBody;
      expect(Buffer.byteLength(body)).toBe(MiB);
      expect(body.startsWith('"The operator is created."\n')).toBe(true);
      await pd.allSocketsClosed();
      await expect(client.send({ method: 'GET', path: '/pd/api/v1/version' })).resolves.toMatchObject({
        status: 200,
        rawBody: '"ok"\n',
      });
    },
  );

  it('lets a request raise the limit for itself, never lower it', async () => {
    const body = Buffer.alloc(3 * MiB, 'x');
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
    });
    const raised = await client.send({ method: 'GET', path: '/pd/api/v1/stores', maxBodyBytes: 4 * MiB });
    expect(raised.truncatedAtBytes).toBeUndefined();
    expect(raised.rawBody.length).toBe(3 * MiB);
    const lowered = await client.send({ method: 'GET', path: '/pd/api/v1/stores', maxBodyBytes: 1024 });
    expect(lowered.truncatedAtBytes).toBe(MiB);
  });

  it('keeps a body of exactly the limit whole, even when it arrives in pieces', async () => {
    const limit = 4096;
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('a'.repeat(1000));
      res.write('b'.repeat(limit - 1000));
      res.end();
    }, limit);
    const response = await client.send(transferLeaderRequest(42, 4));
    expect(response.rawBody).toBe('a'.repeat(1000) + 'b'.repeat(limit - 1000));
    expect(response.truncatedAtBytes).toBeUndefined();
    expect(response.pdMessage).not.toContain('cut at');
  });

  it('cuts a body one byte over the limit', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200).end('z'.repeat(4097));
    }, 4096);
    const response = await client.send(transferLeaderRequest(42, 4));
    expect(response).toMatchObject({ rawBody: 'z'.repeat(4096), truncatedAtBytes: 4096 });
    expect(response.pdMessage).toBe(`${'z'.repeat(4096)} … (cut at 4 KiB)`);
  });

  it.each([
    ['a 3-byte character', '€', 4094, 'x'.repeat(4094)],
    ['a 4-byte character', '🦀', 4093, 'x'.repeat(4093)],
    ['a 2-byte character', 'é', 4095, 'x'.repeat(4095)],
  ])('drops %s that straddles the cut instead of garbling it', async (_name, char, pad, expected) => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200).end(`${'x'.repeat(pad)}${char}${char}tail`);
    }, 4096);
    const response = await client.send(transferLeaderRequest(42, 4));
    expect(response.rawBody).toBe(expected);
    expect(response.rawBody).not.toContain('\uFFFD');
    expect(response.truncatedAtBytes).toBe(4096);
  });

  it('keeps multi-byte characters whole when the body ends exactly at the limit', async () => {
    const text = `${'x'.repeat(4093)}€`;
    const { client } = await setup((_req, res) => {
      res.writeHead(200).end(text);
    }, 4096);
    const response = await client.send(transferLeaderRequest(42, 4));
    expect(response.rawBody).toBe(text);
    expect(response.truncatedAtBytes).toBeUndefined();
  });
});

describe('PdClient after close()', () => {
  it('says nothing was sent, and PD sees no request', async () => {
    const { pd, client } = await setup((_req, res) => {
      res.writeHead(200).end('"The operator is created."\n');
    });
    await client.close();
    const error = await outcome(client.send(transferLeaderRequest(42, 4)));
    expect(error).toBeInstanceOf(PdTransportError);
    expect(error).toMatchObject({ code: 'PD_CLIENT_CLOSED', nothingSent: true });
    expect((error as Error).message).toBe(
      `PD client closed: the bot is shutting down; nothing was sent to PD (POST ${pd.url}/pd/api/v1/operators).`,
    );
    expect(pd.requests).toEqual([]);
  });

  it('lets a request already in flight finish, and refuses the next one', async () => {
    let answer: (() => void) | undefined;
    const arrived = new Promise<void>((resolve) => {
      answer = resolve;
    });
    let release: () => void = () => {};
    const { pd, client } = await setup((_req, res) => {
      release = () => res.writeHead(200).end('"The operator is created."\n');
      answer?.();
    });
    const first = client.send(transferLeaderRequest(42, 4));
    await arrived;
    const closing = client.close();
    const second = await outcome(client.send(transferLeaderRequest(43, 4)));
    release();
    await expect(first).resolves.toMatchObject({ status: 200 });
    await closing;
    expect(second).toMatchObject({ code: 'PD_CLIENT_CLOSED', nothingSent: true });
    expect(pd.requests).toEqual(['POST /pd/api/v1/operators']);
  });
});
