import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';

export interface BoltHttpEndpoint {
  port: number;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** `http://127.0.0.1:PORT/slack/events`, Bolt's default endpoint for commands and interactivity. */
  eventsUrl: string;
}

/**
 * Starts an HTTP-mode Bolt app on a free loopback port and reports which one.
 *
 * Recipe (Bolt 5.1 HTTPReceiver): `app.start()` forwards its argument to `server.listen()`, so a
 * `ListenOptions` object `{port: 0, host: '127.0.0.1'}` binds an ephemeral port on loopback only,
 * and the promise resolves with the `http.Server`, whose `address()` holds the bound port. Picking a
 * "free" port first and passing it in would race with other test files running in parallel.
 * Stop with `await app.stop()`. Only for the default HTTPReceiver: ExpressReceiver and Socket Mode
 * resolve start() with something else, which this rejects.
 */
export async function startBoltOnEphemeralPort(app: App): Promise<BoltHttpEndpoint> {
  const server: unknown = await app.start({ port: 0, host: '127.0.0.1' });
  const address =
    typeof server === 'object' &&
    server !== null &&
    'address' in server &&
    typeof server.address === 'function'
      ? (server.address() as AddressInfo | string | null)
      : null;
  if (address === null || typeof address === 'string') {
    throw new Error('app.start() did not resolve to a listening http.Server: is this an HTTPReceiver app?');
  }
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return { port: address.port, baseUrl, eventsUrl: `${baseUrl}/slack/events` };
}
