import { z } from 'zod';
import type { ParameterDefinition, ParameterKind } from '../actions/action-definition.js';

/** PD IDs are uint64, but anything above 2^53−1 cannot travel as an exact JSON number from JS. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

/**
 * What a form asks with, said without Slack: the Slack modal turns it into a number_input, a
 * static_select or a plain_text_input, and the console into a prompt hint.
 */
export type FormInput =
  | { readonly kind: 'number'; readonly min: number; readonly max: number }
  | { readonly kind: 'select'; readonly options: readonly string[] }
  | { readonly kind: 'text' };

/**
 * Everything a kind of parameter brings: its parser (a zod schema from typed text to the typed
 * value), the form input, the hint a console prompt shows and the sentence help and the README use.
 */
export interface ParameterType {
  schema(name: string, spec: ParameterDefinition): z.ZodType;
  input(spec: ParameterDefinition): FormInput;
  hint(spec: ParameterDefinition): string;
  readonly help: string;
}

const DIGITS = /^\+?\d+$/;

function idSchema(name: string): z.ZodType<number> {
  return z
    .string({ error: `${name} is required` })
    .trim()
    .superRefine((value, ctx) => {
      const problem = positiveIntegerProblem(name, value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => Number(value));
}

function positiveIntegerProblem(name: string, received: string): string | undefined {
  if (!DIGITS.test(received)) return `${name} must be a positive integer, got "${received}"`;
  const value = Number(received);
  if (value < 1) return `${name} must be a positive integer, got "${received}"`;
  if (value > MAX_ID) return `${name} must be at most ${MAX_ID} (2^53−1), got "${received}"`;
  return undefined;
}

const ID_INPUT: FormInput = { kind: 'number', min: 1, max: MAX_ID };

/** Go's time.ParseDuration units that make sense for an operation: pd-ctl users type `10m`, `1h30m`. */
const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(ms|s|m|h))+$/;
const DURATION_PART = /(\d+)(ms|s|m|h)/g;

/** `1h30m` → 5 400 000 (milliseconds); undefined when it is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) {
    total += Number(amount) * (DURATION_UNITS_MS[unit ?? ''] ?? Number.NaN);
  }
  return Number.isSafeInteger(total) && total > 0 ? total : undefined;
}

/** Same rule as the clusters file's names (clusters-file-schema.ts), so a typed name can match one. */
const CLUSTER_NAME = /^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

export const PARAMETER_TYPES: Readonly<Record<ParameterKind, ParameterType>> = {
  region_id: {
    schema: idSchema,
    input: () => ID_INPUT,
    hint: () => 'a region ID, e.g. 42',
    help: 'Region ID: a positive integer up to 2^53−1, as in `pd-ctl region <id>`',
  },
  store_id: {
    schema: idSchema,
    input: () => ID_INPUT,
    hint: () => 'a store ID, e.g. 4',
    help: 'Store ID: a positive integer up to 2^53−1, as in `pd-ctl store <id>`',
  },
  choice: {
    schema: (name, spec) => {
      const choices = spec.choices ?? [];
      return z
        .string({ error: `${name} is required` })
        .trim()
        .refine((value) => choices.includes(value), {
          error: (issue) => `${name} must be one of ${choices.join(', ')}, got "${String(issue.input)}"`,
        });
    },
    input: (spec) => ({ kind: 'select', options: spec.choices ?? [] }),
    hint: (spec) => `one of ${(spec.choices ?? []).join(', ')}`,
    help: 'Choice: one of the listed words',
  },
  duration: {
    schema: (name) =>
      z
        .string({ error: `${name} is required` })
        .trim()
        .transform((value, ctx) => {
          const ms = parseDuration(value);
          if (ms !== undefined) return ms;
          ctx.addIssue({
            code: 'custom',
            message: `${name} must be a duration such as 30s, 10m or 1h30m, got "${value}"`,
          });
          return z.NEVER;
        }),
    input: () => ({ kind: 'text' }),
    hint: () => 'a duration, e.g. 30s, 10m or 1h30m',
    help: 'Duration: a number with ms, s, m or h, as Go writes them (`10m`, `1h30m`); carried in milliseconds',
  },
  cluster: {
    schema: (name) =>
      z
        .string({ error: `${name} is required` })
        .trim()
        .regex(CLUSTER_NAME, `${name} must be a cluster name (lowercase letters, digits, "-")`),
    input: () => ({ kind: 'text' }),
    hint: () => 'a cluster name from the clusters file',
    help: 'Cluster: the name of a cluster in the clusters file',
  },
  page: {
    // Same grammar as an ID (a positive integer); a page past the last shows the last page.
    schema: idSchema,
    input: () => ID_INPUT,
    hint: () => 'a page number, 1 for the first',
    help: 'Page: a positive integer, 1 for the first page; a page past the end shows the last',
  },
  text: {
    schema: (name) =>
      z
        .string({ error: `${name} is required` })
        .trim()
        .min(1, `${name} must not be empty`),
    input: () => ({ kind: 'text' }),
    hint: () => 'text',
    help: 'Text: any non-empty words',
  },
};

export function parameterType(spec: Pick<ParameterDefinition, 'type'>): ParameterType {
  return PARAMETER_TYPES[spec.type];
}
