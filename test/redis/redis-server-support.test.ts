import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

async function ping(port: number): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.write('PING\r\n');
  const [data] = (await once(socket, 'data')) as [Buffer];
  socket.destroy();
  return data.toString();
}

describe('startRedisServer (test support)', () => {
  let server: TestRedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('starts a real redis-server on loopback that answers PING, and restarts it on the same port', async () => {
    expect(await ping(server.port)).toBe('+PONG\r\n');
    await server.stop();
    const refused = connect({ host: '127.0.0.1', port: server.port });
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
    await server.restart();
    expect(await ping(server.port)).toBe('+PONG\r\n');
  });
});
