import { readFile } from 'node:fs/promises';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { buildPolicySchema, type Policy } from './policy-schema.js';

export type PolicyLoadResult =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly problems: readonly string[] };

type PathSegment = PropertyKey;

/**
 * Parses and validates a policy. Every problem is reported, each as `file:line:column: field: what`,
 * so one start shows everything to fix.
 */
export function parsePolicy(
  text: string,
  fileName: string,
  knownActionNames: readonly string[],
): PolicyLoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${fileName}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => `${at(e.pos[0])}: YAML syntax error: ${e.message}`),
    };
  }
  let data: unknown;
  try {
    // A small alias budget: a policy has no use for anchors beyond a few shared lists.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      problems: [`${fileName}: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  if (data === null || data === undefined) {
    return {
      ok: false,
      problems: [`${fileName}:1:1: the policy is empty (expected at least version: 1 and rules)`],
    };
  }
  const parsed = buildPolicySchema(knownActionNames).safeParse(data, { error: describeIssue });
  if (parsed.success) return { ok: true, policy: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
    return {
      offset: locate(doc, path, unknownKey !== undefined),
      text: `${formatPath(path)}: ${issue.message}`,
    };
  });
  problems.sort((a, b) => a.offset - b.offset);
  return { ok: false, problems: [...new Set(problems.map((p) => `${at(p.offset)}: ${p.text}`))] };
}

/** Reads the file at `path` and parses it; an unreadable file is a problem like any other. */
export async function loadPolicyFile(
  path: string,
  knownActionNames: readonly string[],
): Promise<PolicyLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`${path}: cannot read the policy file: ${reason}`] };
  }
  return parsePolicy(text, path, knownActionNames);
}

export function formatPolicyProblems(problems: readonly string[]): string {
  return `tikv-chatops cannot start; fix the policy file (POLICY_FILE):\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee policy.example.yaml for every field.`;
}

/**
 * Offset of the YAML node a zod path points at. A missing field points at its parent, and an
 * unknown key at the key itself, so the line shown is where the fix goes.
 */
function locate(doc: Document, path: readonly PathSegment[], atKey: boolean): number {
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

function formatPath(path: readonly PathSegment[]): string {
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
