import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness.js';
import { RESPONSE_URL_FAULT } from '../support/fake-slack/index.js';
import { POLICY } from './safety-harness.js';
import { flat, slash } from './slack-e2e-helpers.js';

type Case = {
  readonly outcome: string;
  readonly options?: Partial<HarnessOptions>;
  readonly arrange?: (h: Harness) => void;
  readonly text: string;
  readonly userId?: string;
  /** Something only that outcome's message says. */
  readonly says: string;
};

const TEAM_VISIBLE: Case[] = [
  { outcome: 'a read-only view shared with --share', text: 'health --share', says: 'Shared in channel by' },
  { outcome: 'ok', text: 'transfer-leader 42 4', says: 'PD answered *HTTP 200*' },
  {
    outcome: 'a PD HTTP error',
    text: 'transfer-leader 42 4',
    arrange: (h) =>
      h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'status', status: 500 }),
    says: 'PD answered *HTTP 500*',
  },
  {
    outcome: 'a PD response timeout (PD may have acted)',
    options: { pdTimeoutMs: 300 },
    text: 'transfer-leader 42 4',
    arrange: (h) => h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'hang' }),
    says: 'PD_RESPONSE_TIMEOUT',
  },
  {
    outcome: 'an approval request',
    options: { policy: POLICY },
    arrange: (h) => {
      h.slack.setUsergroup('S0SRE', []);
      h.slack.setUsergroup('S0LEADS', []);
    },
    text: 'drain-store 3',
    says: 'asks to run *drain-store*',
  },
  {
    outcome: 'an internal error (the audit file cannot be written)',
    options: { auditFile: '/dev/full' },
    text: 'transfer-leader 42 4',
    says: 'could not be written',
  },
];

const PRIVATE: Case[] = [
  { outcome: 'a read-only view', text: 'health', says: 'Share in channel' },
  { outcome: 'a preview', text: 'transfer-leader 42 4 --dry-run', says: 'Dry run of transfer-leader' },
  { outcome: 'a denial', text: 'transfer-leader 42 4', userId: 'U0INTERN', says: 'was not run' },
];

describe('who sees an outcome, through the real app', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function run(c: Case) {
    h = await startHarness({ mode: 'http', ...c.options });
    c.arrange?.(h);
    const { result } = await slash(h, c.text, { ...(c.userId !== undefined && { userId: c.userId }) });
    const reply = (await result()).body;
    expect(flat(reply)).toContain(c.says.replaceAll('"', '\\"'));
    return { h, reply };
  }

  it.each(TEAM_VISIBLE)('posts $outcome for the whole channel', async (c) => {
    const { reply } = await run(c);
    expect(reply.response_type).toBe('in_channel');
  });

  it.each(PRIVATE)('shows $outcome only to the person who asked', async (c) => {
    const { reply } = await run(c);
    expect(reply.response_type).toBe('ephemeral');
  });

  it.each(PRIVATE)(
    'falls back to chat.postEphemeral for $outcome when the response_url refuses it, never to the channel',
    async (c) => {
      h = await startHarness({ mode: 'http' });
      h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, times: 2 });
      await slash(h, c.text, { ...(c.userId !== undefined && { userId: c.userId }) });
      const ephemeral = await h.slack.waitForCall('chat.postEphemeral');
      expect(ephemeral.args).toMatchObject({ channel: 'C0INCIDENT', user: c.userId ?? 'U0ONCALL' });
      expect(flat(ephemeral.args.blocks)).toContain(c.says);
      expect(await h.logs.waitFor((l) => l.decision === 'delivered')).toMatchObject({
        route: 'chat.postEphemeral',
      });
      expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
      expect(h.slack.callsTo('chat.update')).toEqual([]);
      expect(h.pdWrites()).toEqual([]);
    },
  );
});
