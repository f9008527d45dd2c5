import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';

/** Where Debian's redis-server package puts it; REDIS_SERVER_BIN overrides for a laptop install. */
const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export interface TestRedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: a crash, nothing saved) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty, and waits until it accepts connections. */
  restart(): Promise<void>;
}

/**
 * A real redis-server on a free loopback port, with no persistence: each test file starts its own,
 * so files never share keys, and stops it in afterAll.
 */
export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnServer(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    },
    async restart() {
      if (child !== undefined) throw new Error('redis-server is still running; stop() it first');
      child = await spawnServer(port);
    },
  };
}

async function spawnServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER_BIN,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // Redis logs "Ready to accept connections" once its listener is open: wait for that line, or for
  // the process to die (port taken, binary missing), never for a guessed delay.
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes('Ready to accept connections')) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`redis-server exited (${code}) before accepting connections:\n${output}`));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(
        new Error(`redis-server did not start (${error.message}); install it: apt-get install redis-server`),
      );
    };
    const cleanup = () => {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
  await acceptsConnection(port);
  return child;
}

async function acceptsConnection(port: number): Promise<void> {
  const socket = connect({ host: '127.0.0.1', port });
  try {
    await once(socket, 'connect');
  } finally {
    socket.destroy();
  }
}

/** A port the kernel just handed out on loopback, released for redis-server to bind. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  server.close();
  await once(server, 'close');
  return address.port;
}
