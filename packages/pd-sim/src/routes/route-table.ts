import { renderEmpty, renderNotFound, type SimResponse } from '../render.js';

export interface SimRequest {
  readonly method: string;
  /** Percent-decoded path, as Go's r.URL.Path. */
  readonly path: string;
  /** The path as sent, still escaped: what routes on an encoded-path router match (mux UseEncodedPath). */
  readonly rawPath: string;
  /** Raw query string without `?`. */
  readonly rawQuery: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface RouteContext extends SimRequest {
  readonly params: Readonly<Record<string, string>>;
}

export type RouteHandler = (ctx: RouteContext) => SimResponse;

export interface RouteDef {
  readonly method: string;
  /** gorilla/mux template such as `/pd/api/v1/store/{id}`; a variable matches one non-empty segment. */
  readonly pattern: string;
  readonly handler: RouteHandler;
  /** Routes that only exist while something does (evict-leader config routes); absent means 404. */
  readonly exists?: () => boolean;
  /**
   * Matched against the escaped path, its variables left escaped, as on PD's routers built with
   * mux's UseEncodedPath (server/api/router.go: /region/key/{key}), so `%2F` stays in one segment.
   */
  readonly encodedPath?: boolean;
}

interface CompiledRoute extends RouteDef {
  readonly regex: RegExp;
  readonly names: readonly string[];
}

/**
 * gorilla/mux matching as PD uses it: exact paths (no trailing-slash tolerance), first matching
 * route wins, a path that matches only with another method gets 405 with an empty body, anything
 * else 404 `404 page not found`. Unclean paths (`//`, `/./`) get mux's 301 to the cleaned path.
 */
export class RouteTable {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly RouteDef[]) {
    this.#routes = routes.map((route) => compile(route));
  }

  handle(request: SimRequest): SimResponse {
    const cleaned = cleanPath(request.path);
    if (cleaned !== request.path) {
      const location = request.rawQuery === '' ? cleaned : `${cleaned}?${request.rawQuery}`;
      return { status: 301, headers: { location }, body: '' };
    }
    let pathMatched = false;
    for (const route of this.#routes) {
      const match = route.regex.exec(route.encodedPath === true ? request.rawPath : request.path);
      if (match === null || (route.exists !== undefined && !route.exists())) continue;
      if (route.method !== request.method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = match[i + 1] ?? '';
      });
      return route.handler({ ...request, params });
    }
    return pathMatched ? renderEmpty(405) : renderNotFound();
  }
}

function compile(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      const variable = /^\{(\w+)\}$/.exec(segment);
      if (variable) {
        names.push(variable[1] ?? '');
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

/** mux's cleanPath: path.Clean, keeping one trailing slash. */
export function cleanPath(path: string): string {
  if (path === '') return '/';
  const rooted = path.startsWith('/') ? path : `/${path}`;
  const out: string[] = [];
  for (const part of rooted.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  let cleaned = `/${out.join('/')}`;
  if (rooted.endsWith('/') && cleaned !== '/') cleaned += '/';
  return cleaned;
}
