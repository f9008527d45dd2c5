import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

/**
 * Whether goldens may be (re)written: only when asked explicitly, and never on CI, so a missing or
 * changed golden can only ever fail a run there.
 */
export function mayWriteGoldens(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.UPDATE_GOLDEN === '1' && (env.CI === undefined || env.CI === '' || env.CI === 'false');
}

/**
 * Compares with a checked-in JSON file that can be pasted into Block Kit Builder. A missing file
 * fails; run with UPDATE_GOLDEN=1 to write it, or to rewrite after an intended change, then review
 * the diff.
 */
export function expectGolden(name: string, value: unknown, env = process.env): void {
  const file = join(GOLDEN_DIR, `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (mayWriteGoldens(env)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } else if (!existsSync(file)) {
    throw new Error(
      `golden file ${file} is missing; run UPDATE_GOLDEN=1 locally (not on CI) to write it, then review it`,
    );
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}
