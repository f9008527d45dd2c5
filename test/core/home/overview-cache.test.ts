import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClusterOverview, ClusterOverviewSource } from '../../../src/core/home/cluster-overview.js';
import { OverviewCache } from '../../../src/core/home/overview-cache.js';
import { LogCapture } from '../../support/log-capture.js';

function overview(cluster: string, readAt = new Date(0)): ClusterOverview {
  return {
    cluster,
    readAt,
    stores: { ok: true, value: { total: 1, byState: [['Up', 1]], attention: [] } },
    drains: { ok: true, value: [] },
  };
}

/** A source whose reads wait until the test releases them, counting every read per cluster. */
function heldSource() {
  const reads: string[] = [];
  const pending: (() => void)[] = [];
  const source: ClusterOverviewSource = {
    read: (cluster) => {
      reads.push(cluster);
      return new Promise((resolve) => pending.push(() => resolve(overview(cluster))));
    },
  };
  return {
    source,
    reads,
    release() {
      for (const go of pending.splice(0)) go();
    },
  };
}

function clock(start = 0) {
  let now = start;
  return {
    monotonic: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('OverviewCache', () => {
  it('makes 20 concurrent opens cost one read per cluster, all answered by it', async () => {
    const held = heldSource();
    const cache = new OverviewCache({
      source: held.source,
      clock: clock(),
      logger: pino({ level: 'silent' }),
    });
    const opens = Array.from({ length: 20 }, (_, i) =>
      Promise.all([cache.read('east', `c${i}`), cache.read('west', `c${i}`)]),
    );
    expect(held.reads).toEqual(['east', 'west']);
    held.release();
    const answers = await Promise.all(opens);
    expect(answers.every(([east, west]) => east.cluster === 'east' && west.cluster === 'west')).toBe(true);
    expect(held.reads).toEqual(['east', 'west']);
  });

  it('serves from the cache within the TTL after the read settled, and reads again after it', async () => {
    const held = heldSource();
    const time = clock();
    const cache = new OverviewCache({
      source: held.source,
      clock: time,
      logger: pino({ level: 'silent' }),
      ttlMs: 1000,
    });
    const first = cache.read('east', 'a');
    // A read slower than the TTL is still shared: the TTL counts from PD's answer.
    time.advance(5000);
    const during = cache.read('east', 'b');
    held.release();
    await Promise.all([first, during]);
    time.advance(999);
    await cache.read('east', 'c');
    expect(held.reads).toEqual(['east']);
    time.advance(1);
    const again = cache.read('east', 'd');
    held.release();
    await again;
    expect(held.reads).toEqual(['east', 'east']);
  });

  it('keeps a failed read for the TTL too, so a down PD is not asked again by every open', async () => {
    let reads = 0;
    const down: ClusterOverviewSource = {
      read: async (cluster) => {
        reads++;
        const problem = { code: 'PD_CONNECTION_REFUSED', message: 'connect ECONNREFUSED' };
        return {
          cluster,
          readAt: new Date(0),
          stores: { ok: false, problem },
          drains: { ok: false, problem },
        };
      },
    };
    const time = clock();
    const cache = new OverviewCache({
      source: down,
      clock: time,
      logger: pino({ level: 'silent' }),
      ttlMs: 1000,
    });
    await cache.read('west', 'a');
    await cache.read('west', 'b');
    expect(reads).toBe(1);
    time.advance(1000);
    await cache.read('west', 'c');
    expect(reads).toBe(2);
  });

  it('forgets a read whose source threw, so the next open tries again', async () => {
    let calls = 0;
    const flaky: ClusterOverviewSource = {
      read: async (cluster) => {
        calls++;
        if (calls === 1) throw new Error('bug');
        return overview(cluster);
      },
    };
    const cache = new OverviewCache({ source: flaky, clock: clock(), logger: pino({ level: 'silent' }) });
    await expect(cache.read('east', 'a')).rejects.toThrow('bug');
    await expect(cache.read('east', 'b')).resolves.toMatchObject({ cluster: 'east' });
    expect(calls).toBe(2);
  });

  it('logs a shared read at debug with whether it was still in flight', async () => {
    const held = heldSource();
    const logs = new LogCapture();
    const cache = new OverviewCache({
      source: held.source,
      clock: clock(),
      logger: pino({ level: 'debug' }, logs),
    });
    const a = cache.read('east', 'a');
    const b = cache.read('east', 'b');
    held.release();
    await Promise.all([a, b]);
    expect(logs.find((l) => l.decision === 'home_read_shared')).toEqual([
      expect.objectContaining({ cluster: 'east', correlationId: 'b', inFlight: true }),
    ]);
  });
});
