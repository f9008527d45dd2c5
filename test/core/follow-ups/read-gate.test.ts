import { describe, expect, it } from 'vitest';
import type { PollAnswer } from '../../../src/core/follow-ups/follow-up-declaration.js';
import { ReadGate } from '../../../src/core/follow-ups/read-gate.js';

/** A reader whose answers the test releases by hand, recording how many reads run at once. */
function heldReader() {
  const waiting: (() => void)[] = [];
  let running = 0;
  let peak = 0;
  const sent: string[] = [];
  const read = async (cluster: string, request: { path: string }): Promise<PollAnswer> => {
    sent.push(`${cluster} ${request.path}`);
    running++;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => waiting.push(resolve));
    running--;
    return { ok: true, status: 200, body: '{}' };
  };
  return {
    read,
    sent,
    get peak() {
      return peak;
    },
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadGate', () => {
  it('sends one request for the same read asked for while it is in flight', async () => {
    const reader = heldReader();
    const gate = new ReadGate(reader.read, 4);
    const answers = Promise.all([1, 2, 3].map(() => gate.read('a', { method: 'GET', path: '/x' })));
    await settle();
    reader.releaseAll();
    expect(await answers).toHaveLength(3);
    expect(reader.sent).toEqual(['a /x']);
  });

  it('keeps at most `limit` reads in flight per cluster, and every read still gets its answer', async () => {
    const reader = heldReader();
    const gate = new ReadGate(reader.read, 2);
    const all = Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gate.read(i % 2 === 0 ? 'a' : 'b', { method: 'GET', path: `/r/${i}` }),
      ),
    );
    for (let round = 0; round < 10; round++) {
      await settle();
      reader.releaseAll();
    }
    expect(await all).toHaveLength(10);
    expect(reader.sent).toHaveLength(10);
    // Two clusters, two each.
    expect(reader.peak).toBe(4);
  });
});
