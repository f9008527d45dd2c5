import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../src/core/follow-ups/follow-up-store.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { type FollowUpSlackApi, SlackFollowUpNotifier } from '../../src/slack/follow-up-notifier.js';
import type { ResponseUrlMessage } from '../../src/slack/slack-deps.js';
import type { SlackMessage } from '../../src/slack/slack-message.js';
import { LogCapture } from '../support/log-capture.js';
import { ManualClock } from '../support/manual-clock.js';

interface Call {
  readonly method: string;
  readonly at: number;
  readonly message: SlackMessage;
  readonly threadTs?: string;
}

function rig(options: { failPost?: boolean; failUrl?: boolean; resumes?: boolean } = {}) {
  const clock = new ManualClock();
  const calls: Call[] = [];
  const logs = new LogCapture();
  const api: FollowUpSlackApi = {
    update: async (_target, message) => {
      calls.push({ method: 'chat.update', at: clock.now().getTime(), message });
    },
    post: async (target, message) => {
      if (options.failPost)
        throw Object.assign(new Error('not_in_channel'), { data: { error: 'not_in_channel' } });
      calls.push({
        method: 'chat.postMessage',
        at: clock.now().getTime(),
        message,
        ...(target.threadTs !== undefined && { threadTs: target.threadTs }),
      });
      return { ts: '1755742600.000200' };
    },
    postEphemeral: async (_target, message) => {
      calls.push({ method: 'chat.postEphemeral', at: clock.now().getTime(), message });
    },
  };
  const urlPosts: ResponseUrlMessage[] = [];
  const notifier = new SlackFollowUpNotifier({
    api,
    postToResponseUrl: async (_url, message) => {
      if (options.failUrl) throw new Error('expired_url');
      urlPosts.push(message);
    },
    clock,
    timers: clock,
    logger: createLogger({ level: 'debug', destination: logs }),
    ...(options.resumes !== undefined && { resumesAfterRestart: options.resumes }),
  });
  return { clock, calls, urlPosts, notifier, logs };
}

const BASE: FollowUp = {
  id: 'f1',
  kind: 'drain',
  cluster: 'default',
  subjectId: '4',
  actionName: 'drain_store',
  params: { store_id: 4 },
  requesterId: 'U0ONCALL',
  correlationId: 'corr0001',
  startedAt: new Date('2026-08-21T02:15:00Z'),
  deadline: new Date('2026-08-21T08:15:00Z'),
  state: 'following',
  updatedAt: new Date('2026-08-21T02:15:00Z'),
  message: {
    channelId: 'C0INCIDENT',
    ts: '1755742500.000100',
    original: { text: 'drain-store store_id=4: PD accepted it', blocks: [] },
  },
};

const progress = (n: number): FollowUp => ({
  ...BASE,
  status: `leader_count ${n}`,
  detail: `${n} leaders left on store 4`,
});

describe('SlackFollowUpNotifier', () => {
  it('edits a message at most once per 5 s, and the newest progress wins', async () => {
    const { clock, calls, notifier } = rig();
    for (let n = 100; n > 0; n -= 10) {
      await notifier.notify(progress(n), 'progress');
      clock.advance(1_000);
    }
    clock.advance(5_000);
    await notifier.flush();
    const updates = calls.filter((c) => c.method === 'chat.update');
    expect(updates.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < updates.length; i++) {
      expect((updates[i]?.at ?? 0) - (updates[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(5_000);
    }
    expect(JSON.stringify(updates.at(-1)?.message)).toContain('10 leaders left on store 4');
  });

  it('ends with an edit and a thread reply naming the outcome, still 5 s after the last edit', async () => {
    const { clock, calls, notifier } = rig();
    await notifier.notify(progress(50), 'progress');
    clock.advance(5_000);
    await notifier.flush();
    const ended: FollowUp = {
      ...BASE,
      state: 'succeeded',
      status: 'leader_count 0',
      detail: 'Store 4 has no leaders left',
      finishedAt: clock.now(),
    };
    await notifier.notify(ended, 'ended');
    // The end waits for its edit slot in the background: let it reach its timer, then move time.
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    clock.advance(5_000);
    await notifier.flush();
    const [edit, end, reply] = calls;
    expect(edit?.method).toBe('chat.update');
    expect(end?.method).toBe('chat.update');
    expect((end?.at ?? 0) - (edit?.at ?? 0)).toBeGreaterThanOrEqual(5_000);
    expect(reply).toMatchObject({ method: 'chat.postMessage', threadTs: '1755742500.000100' });
    expect(JSON.stringify(reply?.message)).toContain('<@U0ONCALL>');
    expect(JSON.stringify(reply?.message)).toContain('Done');
  });

  it('shows PD text as text: no mention, link or code block escapes from a detail', async () => {
    const { clock, calls, notifier } = rig();
    await notifier.notify({ ...progress(5), detail: '<!channel> <https://evil|x> ```' }, 'progress');
    clock.advance(5_000);
    await notifier.flush();
    const json = JSON.stringify(calls[0]?.message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('uses the response_url while Slack takes it, keeping the last of five uses for the end', async () => {
    const { clock, urlPosts, notifier } = rig();
    const viaUrl: FollowUp = {
      ...BASE,
      message: {
        channelId: 'C0INCIDENT',
        responseUrl: 'https://hooks/x',
        responseUrlUses: 1,
        responseUrlIssuedAt: BASE.startedAt,
      },
    };
    let uses = 1;
    for (let i = 0; i < 6; i++) {
      clock.advance(61_000);
      const ref = await notifier.notify(
        { ...viaUrl, message: { ...viaUrl.message, responseUrlUses: uses } },
        'progress',
      );
      uses = ref?.responseUrlUses ?? uses;
    }
    expect(uses).toBe(4);
    expect(urlPosts.every((p) => p.replace_original === true && p.response_type === 'in_channel')).toBe(true);
    const end = await notifier.notify(
      {
        ...viaUrl,
        state: 'failed',
        status: 'TIMEOUT',
        message: { ...viaUrl.message, responseUrlUses: uses },
      },
      'ended',
    );
    expect(end?.responseUrlUses).toBe(5);
  });

  it('past 30 minutes posts a message of its own that names the original, and edits that one afterwards', async () => {
    const { clock, calls, notifier, logs } = rig();
    const old: FollowUp = {
      ...BASE,
      message: {
        channelId: 'C0INCIDENT',
        responseUrl: 'https://hooks/x',
        responseUrlUses: 1,
        responseUrlIssuedAt: BASE.startedAt,
      },
    };
    clock.advance(31 * 60_000);
    const ref = await notifier.notify({ ...old, status: 'leader_count 7' }, 'progress');
    expect(ref).toEqual({ ts: '1755742600.000200', standalone: true });
    const posted = JSON.stringify(calls[0]?.message);
    expect(posted).toContain('Follow-up of drain-store store_id=4');
    expect(posted).toContain('correlation id `corr0001`');
    expect(logs.find((l) => l.decision === 'follow_up_continued')).toHaveLength(1);
  });

  it('when neither the response_url nor the channel takes it, tells the requester privately, then logs', async () => {
    const { calls, notifier, logs } = rig({ failPost: true, failUrl: true });
    const ended: FollowUp = {
      ...BASE,
      state: 'failed',
      status: 'CANCEL',
      message: {
        channelId: 'C0INCIDENT',
        responseUrl: 'https://hooks/x',
        responseUrlUses: 1,
        responseUrlIssuedAt: BASE.startedAt,
      },
    };
    await notifier.notify(ended, 'ended');
    expect(calls.map((c) => c.method)).toEqual(['chat.postEphemeral']);
    expect(logs.find((l) => l.decision === 'follow_up_route_failed').map((l) => l.route)).toEqual([
      'response_url',
      'chat.postMessage',
    ]);
  });

  describe('at shutdown (released)', () => {
    const operator: FollowUp = {
      ...BASE,
      kind: 'operator',
      subjectId: '42',
      actionName: 'transfer_leader',
      params: { region_id: 42, to_store_id: 4 },
      status: 'RUNNING',
    };
    const released = async (resumes: boolean | undefined) => {
      const { clock, calls, notifier } = rig(resumes === undefined ? {} : { resumes });
      clock.advance(5_000);
      await notifier.notify(operator, 'released');
      await notifier.flush();
      const headline = (call: Call | undefined) =>
        ((call?.message.blocks ?? []) as { type: string; text?: { text: string } }[])
          .filter((b) => b.type === 'section')
          .map((b) => b.text?.text.split('\n')[0] ?? '');
      return { edit: calls[0], reply: calls[1], headline };
    };

    it('with a store that dies with the process, promises no resume and says how to check by hand', async () => {
      const { edit, reply, headline } = await released(false);
      expect(edit?.method).toBe('chat.update');
      expect(headline(edit)).toEqual([
        ':pause_button: *The bot is restarting and has stopped following this*; check with `/tikv operator 42` — PD: `RUNNING`',
      ]);
      expect(headline(reply).at(-1)).toBe(
        ':pause_button: *The bot is restarting and has stopped following this*; check with `/tikv operator 42` — PD: `RUNNING`',
      );
      expect(JSON.stringify([edit?.message, reply?.message])).not.toContain('resumes');
    });

    it('says the same when nobody said whether the store is durable: no promise by default', async () => {
      const { edit, headline } = await released(undefined);
      expect(headline(edit)[0]).toMatch(
        /^:pause_button: \*The bot is restarting and has stopped following this\*/,
      );
    });

    it('with a store that outlives the process (Redis), says the next bot resumes it', async () => {
      const { edit, headline } = await released(true);
      expect(headline(edit)).toEqual([
        ':pause_button: *The bot restarted and stopped following*; the next bot to start resumes it — PD: `RUNNING`',
      ]);
    });
  });
});
