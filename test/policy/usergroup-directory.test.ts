import { describe, expect, it, vi } from 'vitest';
import {
  UsergroupDirectory,
  UsergroupLookupError,
  UsergroupLookupTimeoutError,
} from '../../src/policy/usergroup-directory.js';

const GROUPS: Record<string, string[]> = {
  S0SRE: ['U0ALICE', 'U0BOB'],
  S0LEADS: ['U0LEAD'],
  S0STORAGE: ['U0ALICE'],
};

/** A Slack stand-in that counts calls and can be told to fail or to hold its answer. */
function fakeSlack() {
  const calls: string[] = [];
  const failing = new Set<string>();
  let release: (() => void) | undefined;
  let held: Promise<void> | undefined;
  return {
    calls,
    failing,
    hold() {
      held = new Promise((resolve) => {
        release = resolve;
      });
    },
    release() {
      release?.();
      held = undefined;
    },
    async listMembers(groupId: string): Promise<string[]> {
      calls.push(groupId);
      await held;
      if (failing.has(groupId)) throw new Error('ratelimited');
      return GROUPS[groupId] ?? [];
    },
  };
}

function setup(ttlMs?: number) {
  const slack = fakeSlack();
  let now = 0;
  const directory = new UsergroupDirectory({
    listMembers: (id) => slack.listMembers(id),
    clock: { monotonic: () => now },
    ...(ttlMs !== undefined && { ttlMs }),
  });
  return { slack, directory, advance: (ms: number) => (now += ms) };
}

describe('UsergroupDirectory', () => {
  it('returns the candidate groups the user is in, in candidate order', async () => {
    const { directory } = setup();
    expect(await directory.groupsOf('U0ALICE', ['S0STORAGE', 'S0LEADS', 'S0SRE'])).toEqual([
      'S0STORAGE',
      'S0SRE',
    ]);
    expect(await directory.groupsOf('U0NOBODY', ['S0SRE'])).toEqual([]);
  });

  it('asks Slack once per group within the TTL and again after it', async () => {
    const { slack, directory, advance } = setup();
    await directory.groupsOf('U0ALICE', ['S0SRE']);
    advance(59_999);
    await directory.groupsOf('U0BOB', ['S0SRE']);
    expect(slack.calls).toEqual(['S0SRE']);
    advance(1);
    await directory.groupsOf('U0BOB', ['S0SRE']);
    expect(slack.calls).toEqual(['S0SRE', 'S0SRE']);
  });

  it('honours a custom TTL', async () => {
    const { slack, directory, advance } = setup(1000);
    await directory.groupsOf('U0ALICE', ['S0SRE']);
    advance(1000);
    await directory.groupsOf('U0ALICE', ['S0SRE']);
    expect(slack.calls).toHaveLength(2);
  });

  it('shares one lookup among concurrent callers of the same group', async () => {
    const { slack, directory } = setup();
    slack.hold();
    const answers = Promise.all([
      directory.groupsOf('U0ALICE', ['S0SRE']),
      directory.groupsOf('U0BOB', ['S0SRE', 'S0SRE']),
      directory.groupsOf('U0LEAD', ['S0SRE', 'S0LEADS']),
    ]);
    await new Promise((r) => setTimeout(r, 0));
    slack.release();
    expect(await answers).toEqual([['S0SRE'], ['S0SRE'], ['S0LEADS']]);
    expect([...slack.calls].sort()).toEqual(['S0LEADS', 'S0SRE']);
  });

  it('reports a failed lookup with a typed error and does not cache it', async () => {
    const { slack, directory } = setup();
    slack.failing.add('S0SRE');
    const failure = await directory.groupsOf('U0ALICE', ['S0LEADS', 'S0SRE']).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UsergroupLookupError);
    expect(failure).toMatchObject({
      code: 'USERGROUP_LOOKUP_FAILED',
      groupId: 'S0SRE',
      message: 'could not list the members of user group S0SRE: ratelimited',
    });
    slack.failing.clear();
    expect(await directory.groupsOf('U0ALICE', ['S0LEADS', 'S0SRE'])).toEqual(['S0SRE']);
    // The good group was cached; the failed one was asked again.
    expect(slack.calls).toEqual(['S0LEADS', 'S0SRE', 'S0SRE']);
  });

  it('shares a failure among concurrent callers, then asks again', async () => {
    const { slack, directory } = setup();
    slack.failing.add('S0SRE');
    const results = await Promise.allSettled([
      directory.groupsOf('U0ALICE', ['S0SRE']),
      directory.groupsOf('U0BOB', ['S0SRE']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(slack.calls).toEqual(['S0SRE']);
    slack.failing.clear();
    await directory.groupsOf('U0ALICE', ['S0SRE']);
    expect(slack.calls).toEqual(['S0SRE', 'S0SRE']);
  });

  it('wraps a lookup that throws synchronously', async () => {
    const directory = new UsergroupDirectory({
      listMembers: () => {
        throw new Error('not connected');
      },
    });
    await expect(directory.groupsOf('U0ALICE', ['S0SRE'])).rejects.toBeInstanceOf(UsergroupLookupError);
  });

  it('forgets a group on invalidate, and ignores the answer of a lookup started before it', async () => {
    const { slack, directory } = setup();
    await directory.groupsOf('U0ALICE', ['S0SRE']);
    directory.invalidate('S0SRE');
    slack.hold();
    const stale = directory.members('S0SRE');
    await new Promise((r) => setTimeout(r, 0));
    directory.invalidate('S0SRE');
    slack.release();
    await stale;
    await directory.groupsOf('U0ALICE', ['S0SRE']);
    expect(slack.calls).toEqual(['S0SRE', 'S0SRE', 'S0SRE']);
  });

  it('fails a lookup that outlasts its bound, with a typed cause, and asks again next time', async () => {
    vi.useFakeTimers();
    try {
      const slack = fakeSlack();
      const directory = new UsergroupDirectory({
        listMembers: (id) => slack.listMembers(id),
        clock: { monotonic: () => 0 },
        timeoutMs: 3000,
      });
      slack.hold();
      const lookup = directory.groupsOf('U0ALICE', ['S0SRE']).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(2999);
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      const failure = await lookup;
      expect(failure).toBeInstanceOf(UsergroupLookupError);
      expect((failure as UsergroupLookupError).cause).toBeInstanceOf(UsergroupLookupTimeoutError);
      expect(failure).toMatchObject({
        message: 'could not list the members of user group S0SRE: Slack did not answer within 3000 ms',
      });
      slack.release();
      expect(await directory.groupsOf('U0ALICE', ['S0SRE'])).toEqual(['S0SRE']);
      expect(slack.calls).toEqual(['S0SRE', 'S0SRE']);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
