import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type PolicyFileWatch,
  type PolicyFileWatchOptions,
  policyFileFingerprint,
  type ReloadResult,
  type WatchTimers,
  watchPolicyFile,
} from '../../src/policy/watch-policy-file.js';
import { KubeletConfigMapMount } from '../support/kubelet-config-map-mount.js';
import { LogCapture, type LogLine } from '../support/log-capture.js';
import { ManualClock } from '../support/manual-clock.js';

const POLICY_A = 'version: 1\nrules: []\n# A\n';
const POLICY_B = 'version: 1\nrules: []\n# B\n';
const CLUSTERS = 'version: 1\n';
const POLL_MS = 10_000;

/** ManualClock's timers, telling the test each time one is set (the watch re-arms its poll after a check). */
class SignallingTimers implements WatchTimers {
  readonly clock = new ManualClock();
  #waiters: { ms: number; resolve: () => void }[] = [];

  set(ms: number, run: () => void): unknown {
    const handle = this.clock.set(ms, run);
    for (const w of this.#waiters.filter((w) => w.ms === ms)) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve();
    }
    return handle;
  }

  clear(handle: unknown): void {
    this.clock.clear(handle);
  }

  /** Resolves the next time a timer of `ms` is set. */
  nextSet(ms: number): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ ms, resolve }));
  }
}

/** Node's timers, for the tests that exercise the real fs.watch path end to end. */
const nodeTimers: WatchTimers = {
  set: (ms, run) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

describe('watchPolicyFile', () => {
  let dir: string;
  let watch: PolicyFileWatch | undefined;
  afterEach(async () => {
    watch?.close();
    watch = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function setUp(overrides: Partial<PolicyFileWatchOptions> = {}) {
    dir = await mkdtemp(join(tmpdir(), 'tikv-policy-watch-'));
    const mount = await KubeletConfigMapMount.create(dir, {
      'policy.yaml': POLICY_A,
      'clusters.yaml': CLUSTERS,
    });
    const path = join(mount.dir, 'policy.yaml');
    const logs = new LogCapture();
    /** What each reload read: the same file the bot's reload reads. */
    const reloads: string[] = [];
    let reloadResult: ReloadResult = { ok: true };
    let reloaded: (() => void) | undefined;
    const reload = async () => {
      reloads.push(await readFile(path, 'utf8'));
      reloaded?.();
      return reloadResult;
    };
    /** Resolves at the next reload. */
    const nextReload = () =>
      new Promise<void>((resolve) => {
        reloaded = resolve;
      });
    watch = watchPolicyFile({
      path,
      reload,
      logger: pino({ level: 'debug' }, logs),
      timers: nodeTimers,
      baseline: await policyFileFingerprint(path),
      debounceMs: 20,
      // Long enough never to fire in a test unless the test drives it.
      pollMs: 3_600_000,
      ...overrides,
    });
    const seen = (decision: string, trigger: string) => (l: LogLine) =>
      l.decision === decision && l.trigger === trigger;
    return {
      mount,
      path,
      nextReload,
      logs,
      reloads,
      seen,
      failReloads: (problems: string) => {
        reloadResult = { ok: false, problems };
      },
    };
  }

  it('reloads once per kubelet swap of the ..data symlink, seen through a real directory watch', async () => {
    const { mount, logs, reloads, seen, nextReload } = await setUp();
    const reloaded = nextReload();
    await mount.update({ 'policy.yaml': POLICY_B, 'clusters.yaml': CLUSTERS });
    const changed = await logs.waitFor(seen('policy_file_changed', 'watch'));
    expect(changed).toMatchObject({ level: 30, file: join(dir, 'policy.yaml') });
    // The swap is a burst of events (new directory, ..data_tmp, rename, removal): one reload, of the new file.
    await reloaded;
    expect(reloads).toEqual([POLICY_B]);
    // And again: a watch on the file itself would have died with the first swap's old inode.
    const again = nextReload();
    await mount.update({ 'policy.yaml': POLICY_A, 'clusters.yaml': CLUSTERS });
    await again;
    expect(reloads).toEqual([POLICY_B, POLICY_A]);
    expect(logs.find((l) => l.decision === 'policy_file_changed').map((l) => l.trigger)).toEqual([
      'watch',
      'watch',
    ]);
  });

  it('does not reload when only another key of the same ConfigMap changed', async () => {
    const { mount, logs, reloads, seen } = await setUp();
    await mount.update({ 'policy.yaml': POLICY_A, 'clusters.yaml': `${CLUSTERS}# edited\n` });
    await logs.waitFor(seen('policy_file_unchanged', 'watch'));
    expect(logs.find((l) => l.decision === 'policy_file_changed')).toEqual([]);
    expect(reloads).toEqual([]);
  });

  it('finds a swap the directory watch missed on its next periodic check', async () => {
    const timers = new SignallingTimers();
    const { mount, logs, reloads, seen } = await setUp({
      timers,
      pollMs: POLL_MS,
      // inotify on symlink swaps is unreliable (and some volumes send nothing): a watch that never fires.
      watchDirectory: () => ({ close() {} }),
    });
    await mount.update({ 'policy.yaml': POLICY_B, 'clusters.yaml': CLUSTERS });
    const rearmed = timers.nextSet(POLL_MS);
    timers.clock.advance(POLL_MS);
    await logs.waitFor(seen('policy_file_changed', 'poll'));
    await rearmed;
    expect(reloads).toEqual([POLICY_B]);
  });

  it('refuses a broken file once, not at every check, and reloads it when it is fixed', async () => {
    const timers = new SignallingTimers();
    const { mount, logs, reloads, seen, failReloads } = await setUp({
      timers,
      pollMs: POLL_MS,
      watchDirectory: () => ({ close() {} }),
    });
    failReloads('policy.yaml:1:1: version: must be 1');
    await mount.update({ 'policy.yaml': 'version: 2\n', 'clusters.yaml': CLUSTERS });
    let rearmed = timers.nextSet(POLL_MS);
    timers.clock.advance(POLL_MS);
    await rearmed;
    expect(reloads).toEqual(['version: 2\n']);
    // Next check: the same broken content, so no second refusal in the log.
    rearmed = timers.nextSet(POLL_MS);
    timers.clock.advance(POLL_MS);
    await rearmed;
    expect(logs.find(seen('policy_file_unchanged', 'poll'))).toHaveLength(1);
    expect(reloads).toHaveLength(1);
    await mount.update({ 'policy.yaml': POLICY_B, 'clusters.yaml': CLUSTERS });
    rearmed = timers.nextSet(POLL_MS);
    timers.clock.advance(POLL_MS);
    await rearmed;
    expect(reloads).toEqual(['version: 2\n', POLICY_B]);
    expect(logs.find((l) => l.decision === 'policy_file_changed')).toHaveLength(2);
  });

  it('says it cannot watch the directory and still checks the file periodically', async () => {
    const timers = new SignallingTimers();
    const { mount, logs, reloads, seen, nextReload } = await setUp({
      timers,
      pollMs: POLL_MS,
      watchDirectory: () => {
        throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {
          code: 'ENOSPC',
        });
      },
    });
    expect(logs.find((l) => l.decision === 'policy_watch_unavailable')).toMatchObject([
      { level: 40, dir, pollMs: POLL_MS },
    ]);
    expect(logs.find((l) => l.decision === 'policy_watch')).toMatchObject([{ watching: false }]);
    await mount.update({ 'policy.yaml': POLICY_B, 'clusters.yaml': CLUSTERS });
    const reloaded = nextReload();
    timers.clock.advance(POLL_MS);
    await logs.waitFor(seen('policy_file_changed', 'poll'));
    await reloaded;
    expect(reloads).toEqual([POLICY_B]);
  });

  it('never runs two checks at once: a change seen during a reload is checked after it', async () => {
    const timers = new SignallingTimers();
    let fire = (): void => {};
    let release = (): void => {};
    let inFlight = 0;
    let maxInFlight = 0;
    let started = (): void => {};
    const reloadStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const { mount, logs, seen } = await setUp({
      timers,
      pollMs: POLL_MS,
      debounceMs: 50,
      watchDirectory: (_dir, onChange) => {
        fire = onChange;
        return { close() {} };
      },
      reload: async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        started();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        inFlight -= 1;
        return { ok: true };
      },
    });
    await mount.update({ 'policy.yaml': POLICY_B, 'clusters.yaml': CLUSTERS });
    const debounced = timers.nextSet(50);
    fire();
    await debounced;
    timers.clock.advance(50);
    await reloadStarted;
    // While that reload hangs, the file changes again and the periodic check comes due.
    await mount.update({ 'policy.yaml': POLICY_A, 'clusters.yaml': CLUSTERS });
    const rearmed = timers.nextSet(POLL_MS);
    timers.clock.advance(POLL_MS);
    // The periodic check is queued, not run: it is re-armed while the first reload still hangs.
    await rearmed;
    expect(inFlight).toBe(1);
    release();
    await logs.waitFor((l) => l.decision === 'policy_file_changed' && l.trigger === 'poll');
    expect(maxInFlight).toBe(1);
    expect(logs.find((l) => l.decision === 'policy_file_changed').map((l) => l.trigger)).toEqual([
      'watch',
      'poll',
    ]);
    release();
    expect(logs.find(seen('policy_file_unchanged', 'poll'))).toEqual([]);
  });

  it('stops watching and polling when closed', async () => {
    const timers = new SignallingTimers();
    let closedWatcher = false;
    const { reloads } = await setUp({
      timers,
      pollMs: POLL_MS,
      watchDirectory: () => ({
        close() {
          closedWatcher = true;
        },
      }),
    });
    expect(timers.clock.pending).toBe(1);
    watch?.close();
    expect(closedWatcher).toBe(true);
    expect(timers.clock.pending).toBe(0);
    expect(reloads).toEqual([]);
  });
});
