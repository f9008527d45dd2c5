import { createHash } from 'node:crypto';
import { watch } from 'node:fs';
import { readFile as readFileAsync } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';

/** One-shot timers; tests pass a manual clock. */
export interface WatchTimers {
  set(ms: number, run: () => void): unknown;
  clear(handle: unknown): void;
}

/** Calls onChange for any change in `dir`; onError when it can no longer tell. */
export type WatchDirectory = (
  dir: string,
  onChange: () => void,
  onError: (error: Error) => void,
) => { close(): void };

export type ReloadResult = { ok: true } | { ok: false; problems: string };

export interface PolicyFileWatchOptions {
  readonly path: string;
  /** The SIGHUP reload: a broken file is refused and logged there, and the policy in force stays. */
  readonly reload: () => Promise<ReloadResult>;
  readonly logger: Logger;
  readonly timers: WatchTimers;
  /** policyFileFingerprint() of the file the policy in force was read from, taken before reading it. */
  readonly baseline: string;
  /** A kubelet update is a burst of events (new directory, symlink, rename, removal): one check after it. */
  readonly debounceMs?: number;
  /** inotify may miss a symlink swap, and some volumes send no events: the file is checked this often too. */
  readonly pollMs?: number;
  readonly watchDirectory?: WatchDirectory;
  readonly readFile?: (path: string) => Promise<Buffer>;
}

export const POLICY_WATCH_DEBOUNCE_MS = 300;
export const POLICY_POLL_MS = 10_000;

export interface PolicyFileWatch {
  /** Stops watching and polling; a check in progress finishes but reloads nothing. */
  close(): void;
}

/**
 * What the policy file holds now, by content: a ConfigMap update replaces the file behind a symlink
 * (new inode, maybe the same mtime), and a change to another key of the same ConfigMap swaps the
 * mount without changing this file, which must not count as a change.
 */
export async function policyFileFingerprint(
  path: string,
  readFile: (path: string) => Promise<Buffer> = readFileAsync,
): Promise<string> {
  try {
    return `sha256:${createHash('sha256')
      .update(await readFile(path))
      .digest('hex')}`;
  } catch (error) {
    // Unreadable is a state too: going from readable to missing is a change the reload reports.
    return `unreadable:${(error as { code?: unknown }).code ?? 'error'}`;
  }
}

/**
 * Reloads the policy when POLICY_FILE changes, as SIGHUP does. Kubernetes updates a ConfigMap mount
 * by swapping its `..data` symlink, which a watch on the file itself would not see (it watches the
 * old inode), so the directory is watched, and the content checked every pollMs as well.
 */
export function watchPolicyFile(options: PolicyFileWatchOptions): PolicyFileWatch {
  const { path, logger, timers } = options;
  const debounceMs = options.debounceMs ?? POLICY_WATCH_DEBOUNCE_MS;
  const pollMs = options.pollMs ?? POLICY_POLL_MS;
  const readFile = options.readFile ?? readFileAsync;
  let last = options.baseline;
  let closed = false;
  let checking = false;
  let checkAgain: Trigger | undefined;
  let debounce: unknown;
  let poll: unknown;

  const check = async (trigger: Trigger): Promise<void> => {
    if (closed) return;
    // One check at a time, so two reloads never race; a change seen meanwhile is checked right after.
    if (checking) {
      checkAgain = trigger;
      return;
    }
    checking = true;
    try {
      const now = await policyFileFingerprint(path, readFile);
      if (closed) return;
      if (now === last) {
        logger.debug({ decision: 'policy_file_unchanged', trigger, file: path }, 'policy file unchanged');
        return;
      }
      // Recorded before reloading: a broken file is refused once, not again at every poll.
      last = now;
      logger.info(
        { decision: 'policy_file_changed', trigger, file: path },
        'policy file changed; reloading the policy, as on SIGHUP',
      );
      await options.reload();
    } catch (error) {
      logger.error({ decision: 'policy_watch_failed', file: path, err: error }, 'policy file check failed');
    } finally {
      checking = false;
      const again = checkAgain;
      checkAgain = undefined;
      if (again !== undefined) void check(again);
    }
  };

  const schedulePoll = () => {
    poll = timers.set(pollMs, () => {
      void check('poll').finally(() => {
        if (!closed) schedulePoll();
      });
    });
  };

  const onChange = () => {
    if (closed) return;
    timers.clear(debounce);
    debounce = timers.set(debounceMs, () => {
      debounce = undefined;
      void check('watch');
    });
  };

  let watcher: { close(): void } | undefined;
  const dir = dirname(path);
  const fallBackToPolling = (error: unknown) => {
    watcher?.close();
    watcher = undefined;
    logger.warn(
      { decision: 'policy_watch_unavailable', dir, pollMs, err: error },
      `cannot watch ${dir} for policy changes; checking the file every ${pollMs} ms instead`,
    );
  };
  try {
    watcher = (options.watchDirectory ?? fsWatchDirectory)(dir, onChange, fallBackToPolling);
  } catch (error) {
    fallBackToPolling(error);
  }
  schedulePoll();
  logger.info(
    { decision: 'policy_watch', file: path, dir, pollMs, watching: watcher !== undefined },
    'watching the policy file: a change reloads the policy, as SIGHUP does',
  );

  return {
    close() {
      closed = true;
      timers.clear(debounce);
      timers.clear(poll);
      watcher?.close();
    },
  };
}

type Trigger = 'watch' | 'poll';

/** fs.watch on the directory; not persistent, so it never keeps the process alive. */
const fsWatchDirectory: WatchDirectory = (dir, onChange, onError) => {
  const watcher = watch(dir, { persistent: false }, () => onChange());
  watcher.on('error', onError);
  return { close: () => watcher.close() };
};
