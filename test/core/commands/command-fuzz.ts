/**
 * Generators and an independent oracle for property tests of the command parser, shared by
 * test/core/commands/interpret-command.property.test.ts (a few thousand cases) and bench/fuzz-parser.ts
 * (`npm run fuzz`, ≥100,000). The oracle is written from the rules as documented, not from the
 * parser's code: a separate reading of the same grammar, so a bug has to be made twice to pass.
 */
import fc from 'fast-check';
import type { ActionDefinition, ActionParams } from '../../../src/core/actions/action-definition.js';
import type { PdResponse, PdTransport } from '../../../src/pd/pd-client.js';
import type { PdRequest } from '../../../src/pd/pd-request.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';
import { TikvSubject } from '../../../src/subjects/tikv/tikv-subject.js';

const CAP = 1000;
const MAX_SAFE = 9007199254740991;

/** Invisible characters a person could paste; the property also draws arbitrary Cf code points. */
export const INVISIBLES = [
  '\u00ad',
  '\u034f',
  '\u061c',
  '\u115f',
  '\u1160',
  '\u180e',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2060',
  '\u2061',
  '\u2062',
  '\u2063',
  '\u2064',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u2800',
  '\u3164',
  '\ufe00',
  '\ufe0f',
  '\ufeff',
  '\uffa0',
  '\u{e0001}',
  '\u{e0041}',
  '\u{e0100}',
  '\u{e01ef}',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\ud800',
  '\udfff',
  '\ue000',
] as const;

/** Every Unicode Cf code point this Node knows (about 170). */
export const FORMAT_CHARACTERS: readonly string[] = (() => {
  const found: string[] = [];
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    if (/\p{Cf}/u.test(ch)) found.push(ch);
  }
  return found;
})();

const VISIBLE_SPACES = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u2003',
  '\u2009',
  '\u202f',
  '\u3000',
  '\u2028',
];

// ---------------------------------------------------------------------------------------------
// Oracle

/** \p{C} is control, format, surrogate, private use and unassigned; tab/CR/LF are whitespace. */
function oracleHasInvisible(text: string): boolean {
  for (const ch of text) {
    if (ch === '\t' || ch === '\r' || ch === '\n') continue;
    if (/\p{C}/u.test(ch) || /\p{Variation_Selector}/u.test(ch)) return true;
    if ('\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0'.includes(ch)) return true;
  }
  return false;
}

function oracleNormalise(text: string): string {
  let out = '';
  for (const ch of text) {
    if ('\u201c\u201d\u201e\u2033'.includes(ch)) out += '"';
    else if ('\u2018\u2019\u201a\u2032'.includes(ch)) out += "'";
    else if (/\s/u.test(ch)) out += ' ';
    else out += ch;
  }
  // Slack wraps links and phone numbers; mentions start with @, # or !.
  out = out.replace(/<([^<>|@#!][^<>|]*)\|([^<>]*)>/g, '$2').replace(/<([^<>|@#!][^<>|]*)>/g, '$1');
  return out;
}

/** Words and quoted runs; undefined when a quote is left open. */
function oracleWords(text: string): string[] | undefined {
  const words: string[] = [];
  const re = /(?:[^ "']|"[^"]*"|'[^']*')+/gy;
  let at = 0;
  while (at < text.length) {
    if (text[at] === ' ') {
      at++;
      continue;
    }
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    words.push(m[0].replace(/"([^"]*)"|'([^']*)'/g, (_x, a?: string, b?: string) => a ?? b ?? ''));
    at = re.lastIndex;
  }
  return words;
}

function oracleId(value: string): number | undefined {
  const v = value.trim();
  if (!/^\+?[0-9]+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= MAX_SAFE ? n : undefined;
}

/** Go-style `1h30m` in milliseconds, written out apart from parseDuration; undefined unless positive. */
function oracleDuration(value: string): number | undefined {
  const v = value.trim();
  if (!/^(?:[0-9]+(?:ms|s|m|h))+$/.test(v)) return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, n, u] of v.matchAll(/([0-9]+)(ms|s|m|h)/g))
    total += Number(n) * (unit[u ?? ''] ?? Number.NaN);
  return Number.isSafeInteger(total) && total > 0 ? total : undefined;
}

export interface OracleCommand {
  readonly action: ActionDefinition;
  readonly params: ActionParams;
  readonly dryRun: boolean;
}

/** The command `text` must run, or undefined when it must not run. */
export function oracle(text: string): OracleCommand | undefined {
  if (text.length > CAP || oracleHasInvisible(text)) return undefined;
  const words = oracleWords(oracleNormalise(text));
  if (words === undefined || words.length === 0) return undefined;
  const [head, ...args] = words as [string, ...string[]];
  const action = TIKV_ACTIONS.find((a) => a.name === head.trim().toLowerCase().replace(/-/g, '_'));
  if (!action) return undefined;
  // `<action> help` asks for that action's help, even where a text parameter could take the word.
  if (args.length === 1 && ['help', '-h', '--help', '?'].includes((args[0] ?? '').toLowerCase()))
    return undefined;
  const names = Object.keys(action.parameters);
  const given = new Map<string, string>();
  let dryRun = false;
  // Left to right: a positional value takes the first parameter not named so far, so a later
  // name=value for that parameter is a duplicate (`4 region_id=42` is refused, not reordered).
  for (const arg of args) {
    if (arg.startsWith('--')) {
      if (!['--dry-run', '--preview'].includes(arg.toLowerCase())) return undefined;
      dryRun = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(0, eq).toLowerCase().replace(/-/g, '_') : names.find((n) => !given.has(n));
    if (key === undefined || !names.includes(key) || given.has(key)) return undefined;
    given.set(key, eq > 0 ? arg.slice(eq + 1) : arg);
  }
  if (names.some((name) => action.parameters[name]?.required && !given.has(name))) return undefined;
  const params: Record<string, number | string> = {};
  for (const name of names) {
    const value = given.get(name);
    if (value === undefined) continue;
    if (action.parameters[name]?.type === 'duration') {
      const ms = oracleDuration(value);
      if (ms === undefined) return undefined;
      params[name] = ms;
      continue;
    }
    // A choice is one of its listed words, and text any non-empty words, both taken trimmed.
    const spec = action.parameters[name];
    if (spec?.type === 'choice' || spec?.type === 'text') {
      const word = value.trim();
      if (word === '' || (spec.type === 'choice' && !(spec.choices ?? []).includes(word))) return undefined;
      params[name] = word;
      continue;
    }
    const id = oracleId(value);
    if (id === undefined) return undefined;
    params[name] = id;
  }
  return { action, params, dryRun };
}

/** pd-ctl's write body for each action (pd-api.md §9), written out rather than built by src/pd. */
export function pdCtlBody(
  command: Pick<OracleCommand, 'action' | 'params'>,
): Record<string, unknown> | undefined {
  const p = command.params;
  switch (command.action.name) {
    case 'transfer_leader':
      return { name: 'transfer-leader', region_id: Number(p.region_id), to_store_id: Number(p.to_store_id) };
    case 'transfer_peer':
      return {
        name: 'transfer-peer',
        region_id: Number(p.region_id),
        from_store_id: Number(p.from_store_id),
        to_store_id: Number(p.to_store_id),
      };
    case 'drain_store':
      return { name: 'evict-leader-scheduler', store_id: Number(p.store_id) };
    // pd-ctl `operator remove R` and `scheduler remove evict-leader-scheduler-S`: DELETEs, no body.
    case 'cancel_operator':
    case 'undrain_store':
      return undefined;
    default:
      throw new Error(`no pd-ctl body for ${command.action.name}`);
  }
}

// ---------------------------------------------------------------------------------------------
// What the TiKV subject sends

/**
 * A PD that answers every read with an empty JSON list and records every request. drain-store
 * reads `GET /pd/api/v1/schedulers` before it writes (and transfer-peer may read the target store),
 * so only the write bodies are compared.
 */
class ListingPd implements PdTransport {
  readonly endpoint = 'http://pd.invalid:2379';
  readonly requests: PdRequest[] = [];
  async send(request: PdRequest): Promise<PdResponse> {
    this.requests.push(request);
    const read = request.method === 'GET';
    return {
      request,
      endpoint: this.endpoint,
      status: read ? 200 : 0,
      contentType: read ? 'application/json' : undefined,
      rawBody: read ? '[]' : '',
      pdMessage: read ? '[]' : 'recorded',
      durationMs: 0,
    };
  }
}

/**
 * The bodies of the writes the TiKV subject makes for these params, in order, by both real code
 * paths: a run (`execute`) and the engine's dry run (`preview`); they must agree.
 */
export async function writeBodies(action: ActionDefinition, params: ActionParams): Promise<unknown[]> {
  const ran = new ListingPd();
  await new TikvSubject(ran).execute(action, params, { correlationId: 'fuzz' });
  const runWrites = ran.requests.filter((r) => r.method !== 'GET').map((r) => r.body);
  const preview = await new TikvSubject(new ListingPd()).preview(action, params, { correlationId: 'fuzz' });
  const previewWrites = preview.pdRequests.map((r) => r.body);
  if (JSON.stringify(runWrites) !== JSON.stringify(previewWrites)) {
    throw new Error(
      `run wrote ${JSON.stringify(runWrites)} but the dry run shows ${JSON.stringify(previewWrites)}`,
    );
  }
  return runWrites;
}

// ---------------------------------------------------------------------------------------------
// Generators

const ACTION_WORDS = TIKV_ACTIONS.flatMap((a) => [a.name, a.name.replace(/_/g, '-'), a.name.toUpperCase()]);
const PARAM_NAMES = [...new Set(TIKV_ACTIONS.flatMap((a) => Object.keys(a.parameters)))];

const idText = fc.oneof(
  fc.integer({ min: 1, max: 100 }).map(String),
  fc.integer({ min: 1, max: MAX_SAFE }).map(String),
  fc.constantFrom('0', '-1', '+4', '04', '1e3', '0x10', '4.5', '9007199254740992', '', 'abc', '٤'),
);

/** One piece of a command: words, ids, spaces, quotes, invisible characters, flags, name=value. */
const fragment = fc.oneof(
  fc.constantFrom(...ACTION_WORDS, 'help', 'whoami', 'can', '--dry-run', '--preview', '--force', '='),
  idText,
  fc.constantFrom(...VISIBLE_SPACES),
  fc.constantFrom(
    '"',
    "'",
    '\u201c',
    '\u201d',
    '\u2018',
    '\u2019',
    '<',
    '>',
    '|',
    '<tel:42|42>',
    '<http://4|4>',
  ),
  fc.constantFrom(...INVISIBLES),
  fc.tuple(fc.constantFrom(...PARAM_NAMES, 'store', 'region-id'), idText).map(([k, v]) => `${k}=${v}`),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

/** Text made of fragments of valid and invalid commands, glued with or without spaces. */
export const fragmentText = fc
  .tuple(fc.array(fragment, { maxLength: 12 }), fc.constantFrom('', ' '))
  .map(([parts, glue]) => parts.join(glue));

/** Arbitrary text, including lone surrogates and every plane. */
export const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
);

export interface GeneratedCommand {
  /** The words of the command; joining them with `separators` gives `text`. */
  readonly words: readonly string[];
  readonly text: string;
  readonly action: ActionDefinition;
  readonly params: ActionParams;
  readonly dryRun: boolean;
}

const idValue = fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: MAX_SAFE }));

/** Valid commands generated from the action definitions: positional or named, flags, spacing, quotes. */
// Writes only: their bodies are compared with pd-ctl's below; read-only actions have no body.
export const validCommand: fc.Arbitrary<GeneratedCommand> = fc
  .constantFrom(...TIKV_ACTIONS.filter((a) => a.mutating))
  .chain((action) => {
    const names = Object.keys(action.parameters);
    return fc.record({
      action: fc.constant(action),
      values: fc.tuple(...names.map(() => idValue)),
      named: fc.tuple(...names.map(() => fc.boolean())),
      order: fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }),
      decorate: fc.tuple(...names.map(() => fc.constantFrom('', '+', '0', '"', "'", '\u201c'))),
      head: fc.constantFrom(action.name, action.name.replace(/_/g, '-'), action.name.toUpperCase()),
      flag: fc.option(fc.tuple(fc.constantFrom('--dry-run', '--preview', '--DRY-RUN'), fc.nat()), {
        nil: undefined,
      }),
      separators: fc.array(fc.constantFrom(...VISIBLE_SPACES), { minLength: 8, maxLength: 8 }),
      edges: fc.tuple(fc.constantFrom('', ' ', '\u00a0', '\n'), fc.constantFrom('', ' ', '\t')),
    });
  })
  .map(({ action, values, named, order, decorate, head, flag, separators, edges }) => {
    const names = Object.keys(action.parameters);
    const params: Record<string, number | string> = {};
    const valueWord = (i: number): string => {
      const raw = String(values[i]);
      const d = decorate[i];
      if (d === '"' || d === "'") return `${d}${raw}${d}`;
      if (d === '\u201c') return `\u201c${raw}\u201d`;
      return `${d}${raw}`;
    };
    names.forEach((name, i) => {
      params[name] = Number(values[i]);
    });
    // Named arguments may go anywhere; positional ones keep declaration order among themselves.
    const namedWords = order
      .filter((n) => named[names.indexOf(n)])
      .map((n) => `${n.replace(/_/g, named[0] ? '_' : '-')}=${valueWord(names.indexOf(n))}`);
    const positionalWords = names
      .filter((_n, i) => !named[i])
      .map((_n, i, arr) => valueWord(names.indexOf(arr[i] as string)));
    const args = [...namedWords, ...positionalWords];
    if (flag) args.splice(flag[1] % (args.length + 1), 0, flag[0]);
    const words = [head, ...args];
    const text =
      edges[0] + words.map((w, i) => (i === 0 ? w : (separators[i % 8] ?? ' ') + w)).join('') + edges[1];
    return { words, text, action, params, dryRun: flag !== undefined };
  });

/** A valid command with one invisible character inside one of its words (never at a word's edge). */
export const commandWithInvisible = fc
  .tuple(
    validCommand,
    fc.nat(),
    fc.nat(),
    fc.oneof(fc.constantFrom(...INVISIBLES), fc.constantFrom(...FORMAT_CHARACTERS)),
  )
  .map(([command, w, at, invisible]) => {
    const candidates = command.words.filter((word) => [...word].length >= 2);
    const word = candidates[w % candidates.length] as string;
    const chars = [...word];
    const cut = 1 + (at % (chars.length - 1));
    const broken = chars.slice(0, cut).join('') + invisible + chars.slice(cut).join('');
    return { text: command.text.replace(word, broken), invisible, command };
  });

type Edit = readonly ['insert' | 'delete' | 'replace', number, string];

/**
 * A valid command with one to three small edits (insert a fragment, delete a character, replace
 * one): mostly near-misses, some still valid, so the oracle and the parser are compared where
 * they are most likely to differ.
 */
export const mutatedCommand = fc
  .tuple(
    validCommand,
    fc.array(fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.nat(), fragment), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([command, edits]) => {
    let text = command.text;
    for (const [kind, at, piece] of edits as Edit[]) {
      const i = at % (text.length + 1);
      if (kind === 'insert') text = text.slice(0, i) + piece + text.slice(i);
      else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
      else text = text.slice(0, i) + piece + text.slice(i + 1);
    }
    return text;
  });
