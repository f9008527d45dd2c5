import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';

export type YamlPath = readonly PropertyKey[];

export type CheckedYaml<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /**
       * `file:line:column: field: message` for the node a path points at: warnings (and problems)
       * found after the schema read alike.
       */
      readonly describeAt: (path: YamlPath, message: string) => string;
    }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface CheckedYamlOptions {
  /** The problem reported for an empty file, e.g. "the policy is empty (expected …)". */
  readonly emptyMessage: string;
  /** Anchors beyond a few shared lists have no use in a config file; this bounds alias bombs. */
  readonly maxAliasCount?: number;
}

/**
 * Parses a YAML configuration file and validates it with a zod schema written in the file's own
 * keys. Every problem is reported, each as `file:line:column: field: what`, sorted by position, so
 * one start shows everything to fix. Shared by the policy and the clusters file so both read alike.
 */
export function parseCheckedYaml<T>(
  text: string,
  fileName: string,
  schema: z.ZodType<T>,
  options: CheckedYamlOptions,
): CheckedYaml<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const atOffset = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${fileName}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => `${atOffset(e.pos[0])}: YAML syntax error: ${e.message}`),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: options.maxAliasCount ?? 100 });
  } catch (error) {
    return {
      ok: false,
      problems: [`${fileName}: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  if (data === null || data === undefined) {
    return { ok: false, problems: [`${fileName}:1:1: ${options.emptyMessage}`] };
  }
  const parsed = schema.safeParse(data, { error: describeIssue });
  if (parsed.success) {
    return {
      ok: true,
      value: parsed.data,
      describeAt: (path, message) => `${atOffset(locate(doc, path, false))}: ${formatPath(path)}: ${message}`,
    };
  }
  const problems = parsed.error.issues.map((issue) => {
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
    return {
      offset: locate(doc, path, unknownKey !== undefined),
      text: `${formatPath(path)}: ${issue.message}`,
    };
  });
  problems.sort((a, b) => a.offset - b.offset);
  return { ok: false, problems: [...new Set(problems.map((p) => `${atOffset(p.offset)}: ${p.text}`))] };
}

/**
 * Offset of the YAML node a zod path points at. A missing field points at its parent, and an
 * unknown key at the key itself, so the line shown is where the fix goes.
 */
function locate(doc: Document, path: YamlPath, atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (pair === undefined) break;
      const last = index === path.length - 1;
      offset =
        (last && atKey ? rangeStart(pair.key) : rangeStart(pair.value)) ?? rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

/** `rules[0].actions[1]`: the path as a reader of the file would write it. */
function formatPath(path: YamlPath): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** Messages for the issues the schema leaves to the defaults, in the words of a YAML file. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  if (issue.input === undefined) return `is missing (expected ${expected})`;
  return `expected ${expected}, got ${describeValue(issue.input)}`;
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'a mapping of keys to values',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}
