import { describe, expect, it } from 'vitest';
import { InFlightWork } from '../../src/lifecycle/in-flight-work.js';

function tracker() {
  let now = 1000;
  const work = new InFlightWork({ monotonic: () => now });
  return { work, advance: (ms: number) => (now += ms) };
}

describe('InFlightWork', () => {
  it('is idle at once when nothing runs', async () => {
    const { work } = tracker();
    await work.whenIdle();
    expect(work.size).toBe(0);
  });

  it('becomes idle only when the last piece of work ends, whatever order they end in', async () => {
    const { work } = tracker();
    const a = work.begin({ kind: 'slash_command', correlationId: 'c1', label: 'a' });
    const b = work.begin({ kind: 'button_click', label: 'b' });
    let idle = false;
    const waiting = work.whenIdle().then(() => (idle = true));
    a.end();
    await Promise.resolve();
    expect(idle).toBe(false);
    b.end();
    await waiting;
    expect(idle).toBe(true);
  });

  it('ignores a second end() of the same ticket', async () => {
    const { work } = tracker();
    const a = work.begin({ kind: 'x', label: 'a' });
    work.begin({ kind: 'x', label: 'b' });
    a.end();
    a.end();
    expect(work.size).toBe(1);
  });

  it('tracks a function until it settles, rejection included', async () => {
    const { work } = tracker();
    let fail: (e: Error) => void = () => {};
    const running = work.track({ kind: 'x', label: 'a' }, () => new Promise((_, reject) => (fail = reject)));
    expect(work.size).toBe(1);
    fail(new Error('PD broke'));
    await expect(running).rejects.toThrow('PD broke');
    expect(work.size).toBe(0);
  });

  it('names what is unfinished with its correlation id and how long it has run, oldest first', () => {
    const { work, advance } = tracker();
    work.begin({ kind: 'slash_command', correlationId: 'c1', label: '/tikv by U1 in C1' });
    advance(250);
    work.begin({ kind: 'approval_sweep', label: 'expire due approvals' });
    advance(50);
    expect(work.unfinished()).toEqual([
      { kind: 'slash_command', correlationId: 'c1', label: '/tikv by U1 in C1', runningMs: 300 },
      { kind: 'approval_sweep', label: 'expire due approvals', runningMs: 50 },
    ]);
  });

  it('says when to refuse new work, and still counts work begun after that', () => {
    const { work } = tracker();
    expect(work.draining).toBe(false);
    work.stopAccepting();
    expect(work.draining).toBe(true);
    work.begin({ kind: 'refusal', label: 'slash_command' });
    expect(work.size).toBe(1);
  });
});
