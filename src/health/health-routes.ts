import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXCLUDABLE_PARTS, type ExcludablePart, formatReadiness, type Readiness } from './readiness.js';

/** What /metrics serves: the registry's text, in its content type. */
export interface MetricsScrape {
  scrape(): Promise<string>;
  readonly contentType: string;
}

export interface HealthRoute {
  readonly path: '/healthz' | '/readyz' | '/metrics';
  handler(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * /healthz: the process is alive and its event loop turns (it stays 200 through a shutdown's drain,
 * so Kubernetes does not kill a pod finishing its work). /readyz: every part of readiness, 503 naming
 * the parts that are not. /metrics: Prometheus' text format. The same three in HTTP mode (on Bolt's
 * server) and in Socket Mode (on HEALTH_PORT).
 */
export function healthRoutes(readiness: Readiness, metrics: MetricsScrape): HealthRoute[] {
  return [
    {
      path: '/healthz',
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('ok\n');
      },
    },
    {
      path: '/readyz',
      handler: (req, res) => {
        void readiness.report(excluded(req.url)).then(
          (report) => {
            res.writeHead(report.ready ? 200 : 503, {
              'content-type': 'text/plain; charset=utf-8',
              'cache-control': 'no-store',
            });
            res.end(formatReadiness(report));
          },
          (error: unknown) => answerError(res, error),
        );
      },
    },
    {
      path: '/metrics',
      handler: (_req, res) => {
        void metrics.scrape().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.contentType });
            res.end(text);
          },
          (error: unknown) => answerError(res, error),
        );
      },
    },
  ];
}

/** `?exclude=pd&exclude=redis`: the parts named that may be excluded; anything else is ignored. */
function excluded(url: string | undefined): Set<ExcludablePart> {
  const query = new URL(url ?? '/', 'http://localhost').searchParams.getAll('exclude');
  return new Set(EXCLUDABLE_PARTS.filter((part) => query.includes(part)));
}

function answerError(res: ServerResponse, error: unknown): void {
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
}
