import { describe, expect, it } from 'vitest';
import { PdReachability } from '../../src/health/pd-reachability.js';
import { formatReadiness, Readiness } from '../../src/health/readiness.js';

const slackUp = () => ({ ok: true, detail: 'Socket Mode websocket open' }) as const;

describe('Readiness', () => {
  it('is not ready until config is loaded and every cluster probed; ready when all parts are', async () => {
    const r = new Readiness({ clusters: ['a', 'b'], slack: slackUp });
    expect(formatReadiness(await r.report())).toBe(
      'not ready: config, pd a, pd b\n' +
        'config: NOT READY (configuration not loaded yet)\n' +
        'slack: ok (Socket Mode websocket open)\n' +
        'pd a: NOT READY (start-up probe not done yet)\n' +
        'pd b: NOT READY (start-up probe not done yet)\n',
    );
    r.configLoaded();
    r.setPd('a', { ok: true });
    r.setPd('b', { ok: true });
    expect((await r.report()).ready).toBe(true);
    r.startDraining();
    const draining = await r.report();
    expect(draining.ready).toBe(false);
    expect(formatReadiness(draining).split('\n')[0]).toBe('not ready: shutdown');
  });

  it('asks Redis when configured: a failing or silent PING is not ready, naming redis', async () => {
    let answer: () => Promise<void> = () => Promise.resolve();
    const r = new Readiness({
      clusters: [],
      slack: slackUp,
      redis: { ping: () => answer() },
      pingTimeoutMs: 50,
    });
    r.configLoaded();
    expect((await r.report()).ready).toBe(true);
    answer = () => Promise.reject(new Error('ECONNREFUSED'));
    expect(formatReadiness(await r.report())).toContain('redis: NOT READY (unreachable (ECONNREFUSED))');
    answer = () => new Promise(() => {});
    expect(formatReadiness(await r.report())).toContain(
      'redis: NOT READY (unreachable (no answer within 50 ms))',
    );
  });

  it('shares one PING among concurrent /readyz hits', async () => {
    let pings = 0;
    let release: () => void = () => {};
    const r = new Readiness({
      clusters: [],
      slack: slackUp,
      redis: {
        ping: () => {
          pings++;
          return new Promise<void>((resolve) => {
            release = resolve;
          });
        },
      },
    });
    const reports = Promise.all([r.report(), r.report(), r.report()]);
    release();
    await reports;
    expect(pings).toBe(1);
  });

  it('leaves out pd and redis when excluded, never slack, config or the shutdown', async () => {
    const r = new Readiness({
      clusters: ['a'],
      slack: () => ({ ok: false, detail: 'Socket Mode websocket reconnecting' }),
      redis: { ping: () => Promise.reject(new Error('down')) },
    });
    r.configLoaded();
    r.setPd('a', { ok: false, detail: 'PD unreachable: PD_CONNECT_TIMEOUT' });
    const all = new Set(['pd', 'redis'] as const);
    expect(formatReadiness(await r.report(all)).split('\n')[0]).toBe('not ready: slack');
    r.startDraining();
    const draining = await r.report(new Set(['shutdown', 'slack', 'config'] as never));
    expect(draining.ready).toBe(false);
    expect(formatReadiness(draining).split('\n')[0]).toBe('not ready: slack, pd a, redis, shutdown');
  });

  it('has no redis part when none is configured', async () => {
    const r = new Readiness({ clusters: [], slack: slackUp });
    expect((await r.report()).parts.map((p) => p.name)).toEqual(['config', 'slack']);
  });
});

describe('PdReachability', () => {
  it('probes each cluster at most once at a time, and records the error code when PD does not answer', async () => {
    const r = new Readiness({ clusters: ['a'], slack: slackUp });
    let calls = 0;
    let fail: (e: unknown) => void = () => {};
    const reach = new PdReachability({
      readiness: r,
      probes: new Map([
        [
          'a',
          () => {
            calls++;
            return new Promise((_, reject) => {
              fail = reject;
            });
          },
        ],
      ]),
    });
    const first = reach.probeNow();
    const second = reach.probeNow();
    expect(calls).toBe(1);
    fail(Object.assign(new Error('refused'), { code: 'PD_CONNECTION_REFUSED' }));
    await Promise.all([first, second]);
    expect(formatReadiness(await r.report())).toContain(
      'pd a: NOT READY (PD unreachable: PD_CONNECTION_REFUSED)',
    );
  });
});
