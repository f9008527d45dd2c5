import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { expectGolden, mayWriteGoldens } from './golden.js';

const PROBE = 'support-selftest/probe';
const PROBE_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden', `${PROBE}.json`);

describe('golden files', () => {
  afterEach(() => rmSync(dirname(PROBE_FILE), { recursive: true, force: true }));

  it('are written only when UPDATE_GOLDEN=1 is asked for, and never on CI', () => {
    expect(mayWriteGoldens({})).toBe(false);
    expect(mayWriteGoldens({ UPDATE_GOLDEN: '1' })).toBe(true);
    expect(mayWriteGoldens({ UPDATE_GOLDEN: '1', CI: 'true' })).toBe(false);
    expect(mayWriteGoldens({ UPDATE_GOLDEN: '1', CI: '1' })).toBe(false);
    expect(mayWriteGoldens({ UPDATE_GOLDEN: 'yes' })).toBe(false);
  });

  it('fail when missing, without writing one', () => {
    expect(() => expectGolden(PROBE, { a: 1 }, {})).toThrow(/golden file .* is missing; run UPDATE_GOLDEN=1/);
    expect(existsSync(PROBE_FILE)).toBe(false);
  });

  it('fail when missing on CI even with UPDATE_GOLDEN=1', () => {
    expect(() => expectGolden(PROBE, { a: 1 }, { UPDATE_GOLDEN: '1', CI: 'true' })).toThrow(/missing/);
    expect(existsSync(PROBE_FILE)).toBe(false);
  });

  it('are written with UPDATE_GOLDEN=1 and then compared', () => {
    expectGolden(PROBE, { a: 1 }, { UPDATE_GOLDEN: '1' });
    expect(existsSync(PROBE_FILE)).toBe(true);
    expectGolden(PROBE, { a: 1 }, {});
    expect(() => expectGolden(PROBE, { a: 2 }, {})).toThrow();
  });
});
