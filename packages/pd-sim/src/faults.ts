/**
 * Fault injection: make chosen requests fail the ways a real PD (or the network in front of it)
 * does. Faults are matched per request on method + path (query ignored), first match wins.
 *
 * String form (CLI `--fault`, or `faults.set('…')`):
 *   `[METHOD ]PATH[#TIMES]=ACTION`
 *   METHOD  GET/POST/DELETE…, `*` or omitted for any method
 *   PATH    glob on the path: `*` = within one segment, `**` = anything; a bare `*` = every path
 *   #TIMES  fire only for the next N matching requests, then disappear
 *   ACTION  delay:MS          answer normally, MS real milliseconds late
 *           hang              never answer (until close())
 *           reset             destroy the socket (TCP RST)
 *           status:CODE[:BODY] answer CODE with BODY as text/plain (default `CODE Status Text`)
 *           garbage           200 application/json whose body is not JSON
 *           no-leader         503 text/plain `[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader`
 *           huge:BYTES[:CODE] answer CODE (default 200) with a JSON string body of exactly BYTES bytes
 *           endless[:CODE]    answer CODE (default 200), then stream a chunked body that never ends
 *                             (until the client goes away); both test a client's read limit
 * e.g. `POST /pd/api/v1/operators=delay:5000`, `GET /pd/api/v1/store/*#1=status:503:busy`, `*=no-leader`.
 */
export type FaultActionName =
  | 'delay'
  | 'hang'
  | 'reset'
  | 'status'
  | 'garbage'
  | 'no-leader'
  | 'huge'
  | 'endless';

export interface FaultSpec {
  /** HTTP method; omitted or `*` matches any. */
  readonly method?: string;
  /** Glob (see above) or a RegExp tested against the path. */
  readonly path: string | RegExp;
  readonly action: FaultActionName;
  /** delay: how long to hold the answer; other actions: real ms to wait before acting. */
  readonly ms?: number;
  /** status, huge, endless: the HTTP status to answer. */
  readonly status?: number;
  /** huge: the body's length in bytes. */
  readonly bytes?: number;
  /** status: body text (default `<status> <reason>`). */
  readonly body?: string;
  /** status: content type (default text/plain; charset=utf-8). */
  readonly contentType?: string;
  /** Only the next N matching requests; unlimited when omitted. */
  readonly times?: number;
}

export interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  readonly pattern: RegExp;
  /** Matches left, or Infinity. */
  remaining: number;
}

const ACTIONS: readonly FaultActionName[] = [
  'delay',
  'hang',
  'reset',
  'status',
  'garbage',
  'no-leader',
  'huge',
  'endless',
];

export function parseFaultSpec(text: string): FaultSpec {
  const eq = text.indexOf('=');
  if (eq < 0) throw new Error(`fault "${text}": expected [METHOD ]PATH=ACTION`);
  const target = text.slice(0, eq).trim();
  const actionText = text.slice(eq + 1).trim();
  const space = target.indexOf(' ');
  const method = space < 0 ? '*' : target.slice(0, space).trim().toUpperCase();
  let path = space < 0 ? target : target.slice(space + 1).trim();
  let times: number | undefined;
  const hash = path.lastIndexOf('#');
  if (hash >= 0) {
    times = Number(path.slice(hash + 1));
    path = path.slice(0, hash);
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`fault "${text}": #TIMES must be a positive integer`);
  }
  if (path === '') throw new Error(`fault "${text}": missing path`);
  const [name = '', ...args] = actionText.split(':');
  const action = name as FaultActionName;
  if (!ACTIONS.includes(action))
    throw new Error(`fault "${text}": unknown action "${name}" (${ACTIONS.join(', ')})`);
  const base = { method, path, action, ...(times !== undefined && { times }) };
  const number = (value: string | undefined, what: string): number => {
    const n = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(n) || n < 0) {
      throw new Error(`fault "${text}": ${action} needs ${what}`);
    }
    return n;
  };
  switch (action) {
    case 'delay':
      return { ...base, ms: number(args[0], 'a delay in ms') };
    case 'status': {
      const status = number(args[0], 'an HTTP status');
      const body = args.length > 1 ? args.slice(1).join(':') : undefined;
      return { ...base, status, ...(body !== undefined && { body }) };
    }
    case 'huge': {
      const bytes = number(args[0], 'a body size in bytes');
      return { ...base, bytes, ...(args[1] !== undefined && { status: number(args[1], 'an HTTP status') }) };
    }
    case 'endless':
      return args[0] === undefined ? base : { ...base, status: number(args[0], 'an HTTP status') };
    default:
      return args[0] === undefined ? base : { ...base, ms: number(args[0], 'a wait in ms') };
  }
}

function globToRegExp(glob: string): RegExp {
  if (glob === '*' || glob === '**') return /^/;
  const source = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** The live set of faults; the server consults it for every request. */
export class FaultController {
  #faults: ActiveFault[] = [];
  #nextId = 1;

  constructor(initial: readonly (FaultSpec | string)[] = []) {
    for (const spec of initial) this.add(spec);
  }

  /** Replaces every active fault. */
  set(specs: FaultSpec | string | readonly (FaultSpec | string)[]): void {
    this.#faults = [];
    const list = Array.isArray(specs) ? specs : [specs as FaultSpec | string];
    for (const spec of list) this.add(spec);
  }

  /** Adds one fault after the existing ones; returns a handle for remove(). */
  add(spec: FaultSpec | string): ActiveFault {
    const parsed = typeof spec === 'string' ? parseFaultSpec(spec) : spec;
    if (!ACTIONS.includes(parsed.action)) throw new Error(`unknown fault action "${parsed.action}"`);
    const fault: ActiveFault = {
      id: this.#nextId++,
      spec: parsed,
      pattern: typeof parsed.path === 'string' ? globToRegExp(parsed.path) : parsed.path,
      remaining: parsed.times ?? Number.POSITIVE_INFINITY,
    };
    this.#faults.push(fault);
    return fault;
  }

  remove(fault: ActiveFault): void {
    this.#faults = this.#faults.filter((f) => f.id !== fault.id);
  }

  clear(): void {
    this.#faults = [];
  }

  list(): readonly ActiveFault[] {
    return [...this.#faults];
  }

  /** The fault for this request, if any; counts it against its #TIMES. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.#faults.find((f) => matches(f, method, path));
    if (fault === undefined) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.remove(fault);
    return fault.spec;
  }
}

function matches(fault: ActiveFault, method: string, path: string): boolean {
  const wanted = (fault.spec.method ?? '*').toUpperCase();
  if (wanted !== '*' && wanted !== method.toUpperCase()) return false;
  // A caller's /g or /y RegExp keeps state between tests; reset it so every request is judged alone.
  fault.pattern.lastIndex = 0;
  return fault.pattern.test(path);
}
