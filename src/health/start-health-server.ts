import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthRoute } from './health-routes.js';

export interface HealthServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/**
 * Socket Mode opens no port for Slack, so probes and Prometheus get their own small server
 * (HEALTH_PORT). GET and HEAD only; anything else is 404 or 405.
 */
export async function startHealthServer(
  routes: readonly HealthRoute[],
  options: { port: number; host: string },
): Promise<HealthServer> {
  const byPath = new Map(routes.map((r) => [r.path as string, r]));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = byPath.get(path);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found: try /healthz, /readyz or /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    route.handler(req, res);
  });
  // Probes hold no long requests: a slow client must not hold a socket through the drain.
  server.requestTimeout = 5000;
  server.headersTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    host: options.host,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets of a scraper would otherwise hold close() until they time out.
        server.closeIdleConnections();
      }),
  };
}
