import { describe, expect, it } from 'vitest';
import { type ReadOutcome, SharedRead } from '../../../src/subjects/tikv/shared-read.js';

/** A PD read the test answers by hand, and a deadline the test fires by hand. */
function harness() {
  let now = 0;
  const pending: ((outcome: ReadOutcome<string>) => void)[] = [];
  const deadlines: (() => void)[] = [];
  const shared = new SharedRead<string>({
    read: () => new Promise((resolve) => pending.push(resolve)),
    monotonic: () => now,
    freshMs: 1000,
    staleMs: 10_000,
    failureMs: 500,
    sleep: () => {
      let fire = () => {};
      const promise = new Promise<void>((resolve) => {
        fire = resolve;
      });
      deadlines.push(fire);
      return { promise, cancel: () => {} };
    },
  });
  const wall = () => 1_000_000 + now;
  return {
    shared,
    pending,
    deadlines,
    get: () => shared.get(2000, wall),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedRead: one PD read however many ask', () => {
  it('joins every caller to the read in flight, then serves the answer while fresh', async () => {
    const t = harness();
    const callers = Array.from({ length: 50 }, () => t.get());
    await settle();
    expect(t.pending.length).toBe(1);
    t.pending[0]?.({ ok: true, value: 'stores' });
    const answers = await Promise.all(callers);
    expect(answers.every((a) => a.ok && a.value === 'stores' && a.fresh)).toBe(true);
    t.advance(999);
    expect(await t.get()).toMatchObject({ ok: true, fresh: true });
    expect(t.shared.reads).toBe(1);
  });

  it('answers the last list, marked stale, when PD is slow, and PD_SLOW with nothing cached', async () => {
    const t = harness();
    const cold = t.get();
    await settle();
    t.deadlines[0]?.();
    expect(await cold).toEqual({
      ok: false,
      error: { code: 'PD_SLOW', detail: 'PD did not answer within 2000 ms' },
    });
    t.pending[0]?.({ ok: true, value: 'v1' });
    await settle();
    t.advance(1500);
    const slow = t.get();
    await settle();
    t.deadlines[1]?.();
    expect(await slow).toEqual({ ok: true, value: 'v1', at: 1_000_000, fresh: false });
    expect(t.shared.reads).toBe(2);
  });

  it('remembers a failure briefly, so a down PD is not asked on every keystroke', async () => {
    const t = harness();
    const first = t.get();
    await settle();
    t.pending[0]?.({ ok: false, error: { code: 'PD_FAILED', detail: 'PD answered HTTP 503' } });
    expect(await first).toMatchObject({ ok: false, error: { code: 'PD_FAILED' } });
    t.advance(499);
    expect(await t.get()).toMatchObject({ ok: false, error: { detail: 'PD answered HTTP 503' } });
    expect(t.shared.reads).toBe(1);
    t.advance(1);
    void t.get();
    await settle();
    expect(t.shared.reads).toBe(2);
  });
});
