import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { modalMetadataKey, signModalView, verifyModalMetadata } from '../../src/slack/modal-metadata.js';
import { buildParamsModal, PARAMS_MODAL_CALLBACK_ID } from '../../src/slack/params-modal.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import {
  eventCallbackBody,
  FAKE_IDENTITY,
  imMessageEvent,
  newEventId,
  postEvent,
  postInteraction,
  viewSubmissionPayload,
} from '../support/fake-slack/index.js';
import { flat, slash } from './slack-e2e-helpers.js';

const DM = 'D0ONCALL';

describe('the app DM answers typed commands, through the real Bolt app', () => {
  let h: Harness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    h = dir = undefined;
  });

  async function start(mode: 'http' | 'socket' = 'http') {
    dir = await mkdtemp(join(tmpdir(), 'dm-'));
    const auditFile = join(dir, 'audit.jsonl');
    h = await startHarness({ mode, auditFile });
    const audit = async () =>
      (await readFile(auditFile, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { h, audit };
  }

  /** Sends a DM event the way the transport does and returns its event id. */
  async function dm(
    bot: Harness,
    event: Record<string, unknown>,
    opts: { mode?: 'http' | 'socket'; eventId?: string; retry?: number } = {},
  ): Promise<string> {
    const eventId = opts.eventId ?? newEventId();
    const body = eventCallbackBody(event, { eventId });
    if (opts.mode === 'socket') {
      await bot.slack.sendEnvelope('events_api', body, {
        ...(opts.retry !== undefined && { retryAttempt: opts.retry, retryReason: 'timeout' }),
      }).ack;
    } else {
      const res = await postEvent(bot.botUrl, SIGNING_SECRET, body, {
        ...(opts.retry !== undefined && { retryNum: opts.retry }),
      });
      expect(res.status).toBe(200);
    }
    return eventId;
  }

  const typed = (text: string) => imMessageEvent({ userId: 'U0ONCALL', channelId: DM, text });

  it('answers a read typed in the DM there, run and audited like the command', async () => {
    const { h: bot, audit } = await start();
    await dm(bot, typed('stores'));
    const posted = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    expect(posted.response?.ok).toBe(true);
    expect(flat(posted.args)).toContain('7 stores');
    expect(bot.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /pd/api/v1/scheduler-config/evict-leader-scheduler/list',
      'GET /pd/api/v1/stores',
    ]);
    expect((await audit()).map((r) => [r.event, r.userId, r.channelId, r.action])).toEqual([
      ['requested', 'U0ONCALL', DM, 'stores'],
      ['executed', 'U0ONCALL', DM, 'stores'],
    ]);
  });

  it('accepts `/tikv` typed in front, and answers help', async () => {
    const { h: bot } = await start();
    await dm(bot, typed('/tikv help'));
    const posted = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    expect(flat(posted.args)).toContain('transfer-leader');
    expect(bot.sim.requests).toEqual([]);
  });

  it('refuses a change typed in the DM, naming the command for a channel, and PD receives nothing', async () => {
    const { h: bot, audit } = await start();
    await dm(bot, typed('transfer-leader 42 4'));
    const posted = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    const text = flat(posted.args);
    expect(text).toContain('changes run in a channel so the team sees them');
    expect(text).toContain('/tikv transfer-leader region_id=42 to_store_id=4');
    expect(text).toContain('Nothing was sent to PD');
    expect(bot.sim.requests).toEqual([]);
    expect(await audit()).toEqual([]);
    await bot.logs.waitFor((l) => l.decision === 'dm_write_refused' && l.action === 'transfer_leader');
  });

  it('names what a read still needs (no form can open from a message), and answers whoami for the DM', async () => {
    const { h: bot } = await start();
    await dm(bot, typed('region'));
    const missing = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    expect(flat(missing.args)).toContain('region_id');
    await dm(bot, typed('whoami'));
    const whoami = await bot.slack.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === DM && c !== missing,
    );
    expect(flat(whoami.args)).toContain('<@U0ONCALL>');
    expect(bot.sim.requests).toEqual([]);
  });

  it('refuses an incomplete change too, instead of asking for the rest', async () => {
    const { h: bot } = await start();
    await dm(bot, typed('drain-store'));
    const posted = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    expect(flat(posted.args)).toContain('changes run in a channel');
    expect(bot.sim.requests).toEqual([]);
  });

  it('previews a change with --dry-run in the DM: only its bounded reads reach PD', async () => {
    const { h: bot } = await start();
    await dm(bot, typed('drain-store 4 --dry-run'));
    const posted = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    expect(flat(posted.args)).toContain('Dry run');
    expect(bot.pdWrites()).toEqual([]);
  });

  it('ignores edits, bot posts and its own answers', async () => {
    const { h: bot } = await start();
    await dm(bot, { ...typed('stores'), subtype: 'message_changed' });
    await dm(
      bot,
      imMessageEvent({ channelId: DM, text: 'stores', botId: 'B0OTHER', subtype: 'bot_message' }),
    );
    await dm(bot, imMessageEvent({ channelId: DM, text: 'stores', botId: 'B0OTHER' }));
    for (const why of ['subtype message_changed', 'subtype bot_message', 'a bot posted it']) {
      await bot.logs.waitFor((l) => l.decision === 'dm_ignored' && l.why === why);
    }
    // The bot's own answer comes back as an event too; Bolt's ignoreSelf drops it before the
    // listener (which would drop it as well). Its HTTP ack arrives after that ran, so a later
    // message's answer is the only one.
    await dm(
      bot,
      imMessageEvent({
        userId: FAKE_IDENTITY.botUserId,
        botId: FAKE_IDENTITY.botId,
        channelId: DM,
        text: 'stores',
      }),
    );
    await dm(bot, typed('help'));
    await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    await bot.bot.work.whenIdle();
    expect(bot.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(bot.sim.requests).toEqual([]);
  });

  it('answers a message typed in a DM thread in that thread, and a top-level one at top level', async () => {
    const { h: bot } = await start();
    await dm(
      bot,
      imMessageEvent({
        userId: 'U0ONCALL',
        channelId: DM,
        text: 'stores',
        extra: { thread_ts: '1700000000.000100' },
      }),
    );
    const inThread = await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    expect(inThread.args.thread_ts).toBe('1700000000.000100');
    expect(flat(inThread.args)).toContain('7 stores');
    // A change refused in a thread is refused in that thread too.
    await dm(
      bot,
      imMessageEvent({
        userId: 'U0ONCALL',
        channelId: DM,
        text: 'transfer-leader 42 4',
        extra: { thread_ts: '1700000000.000100' },
      }),
    );
    const refused = await bot.slack.waitForCall('chat.postMessage', (c) => c !== inThread);
    expect(refused.args.thread_ts).toBe('1700000000.000100');
    expect(flat(refused.args)).toContain('changes run in a channel');
    await dm(bot, typed('help'));
    const top = await bot.slack.waitForCall('chat.postMessage', (c) => c !== inThread && c !== refused);
    expect(top.args).not.toHaveProperty('thread_ts');
    expect(bot.pdWrites()).toEqual([]);
  });

  it('answers an event Slack retries (same event_id) once', async () => {
    const { h: bot } = await start();
    const eventId = await dm(bot, typed('stores'));
    await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    await dm(bot, typed('stores'), { eventId, retry: 1 });
    await bot.logs.waitFor((l) => l.decision === 'duplicate' && l.eventId === eventId);
    expect(bot.slack.callsTo('chat.postMessage')).toHaveLength(1);
    // One run of stores: the evict-leader list and the stores, once.
    expect(bot.sim.requests.filter((r) => r.path === '/pd/api/v1/stores')).toHaveLength(1);
  });

  it('works over Socket Mode, a redelivered envelope answered once', async () => {
    const { h: bot } = await start('socket');
    const eventId = await dm(bot, typed('stores'), { mode: 'socket' });
    await bot.slack.waitForCall('chat.postMessage', (c) => c.args.channel === DM);
    await dm(bot, typed('stores'), { mode: 'socket', eventId, retry: 1 });
    await bot.logs.waitFor((l) => l.decision === 'duplicate' && l.eventId === eventId);
    expect(bot.slack.callsTo('chat.postMessage')).toHaveLength(1);
    await dm(bot, typed('transfer-leader 42 4'), { mode: 'socket' });
    await bot.logs.waitFor((l) => l.decision === 'dm_write_refused');
    expect(bot.pdWrites()).toEqual([]);
  });
});

describe('/tikv in a DM follows the same rule', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('refuses a change typed as /tikv in a DM at once, with nothing sent to PD', async () => {
    h = await startHarness({ mode: 'http' });
    const { ack } = await slash(h, 'transfer-leader 42 4', { channelId: DM });
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(ack.json)).toContain('changes run in a channel so the team sees them');
    expect(h.sim.requests).toEqual([]);
    // A missing argument does not open a form for a change either.
    const incomplete = await slash(h, 'drain-store', { channelId: DM });
    expect(flat(incomplete.ack.json)).toContain('changes run in a channel');
    expect(h.slack.callsTo('views.open')).toEqual([]);
  });

  it('still answers a read typed as /tikv in a DM', async () => {
    h = await startHarness({ mode: 'http' });
    const { result } = await slash(h, 'stores', { channelId: DM });
    expect(flat((await result()).body)).toContain('7 stores');
  });

  it('refuses a change from a form opened in a DM by an earlier version (still signed and valid)', async () => {
    h = await startHarness({ mode: 'http' });
    const action = TIKV_ACTIONS.find((a) => a.name === 'drain_store');
    if (action === undefined) throw new Error('no drain_store');
    const form = buildParamsModal(
      action,
      {},
      {
        action: action.name,
        channelId: DM,
        userId: 'U0ONCALL',
        responseUrl: h.slack.newResponseUrl(),
        issuedAt: Date.now(),
      },
      h.sim.url,
    );
    const signed = signModalView(form, modalMetadataKey(SIGNING_SECRET));
    const res = await postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata: signed.private_metadata ?? '',
        userId: 'U0ONCALL',
        values: { 'param:store_id': { value: '4' } },
      }),
    );
    expect(res.status).toBe(200);
    expect(flat(res.json)).toContain('Changes run in a channel');
    expect(h.sim.requests).toEqual([]);
  });
});

/**
 * A group DM (mpim) is no channel either: a few people, no team, no audit trail. Slack gives it a G
 * (older) or C id like a private channel's, so the bot goes by the name the command payload carries,
 * `mpdm-<a>--<b>-1`; a private channel the bot is not in is named `privategroup` and stays a channel.
 */
describe('/tikv in a group DM follows the DM rule', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it.each([
    ['an older G id', 'G0GROUPDM'],
    ['a C id', 'C0GROUPDM'],
  ])(
    'refuses transfer-leader typed in a group DM with %s, and PD receives nothing',
    async (_name, channelId) => {
      h = await startHarness({ mode: 'http' });
      const channelName = 'mpdm-alice--bob--carol-1';
      const { ack } = await slash(h, 'transfer-leader 42 4', { channelId, channelName });
      expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
      expect(flat(ack.json)).toContain('changes run in a channel so the team sees them');
      expect(flat(ack.json)).toContain('Nothing was sent to PD');
      await h.logs.waitFor((l) => l.decision === 'dm_write_refused' && l.action === 'transfer_leader');
      // An incomplete change opens no form there either.
      const incomplete = await slash(h, 'drain-store', { channelId, channelName });
      expect(flat(incomplete.ack.json)).toContain('changes run in a channel');
      expect(h.slack.callsTo('views.open')).toEqual([]);
      expect(h.sim.requests).toEqual([]);
    },
  );

  it('still answers a read typed in a group DM', async () => {
    h = await startHarness({ mode: 'http' });
    const { result } = await slash(h, 'stores', { channelId: 'C0GROUPDM', channelName: 'mpdm-alice--bob-1' });
    expect(flat((await result()).body)).toContain('7 stores');
    expect(h.pdWrites()).toEqual([]);
  });

  it('runs a change typed in a private channel the bot is not in (named privategroup): that is a channel', async () => {
    h = await startHarness({ mode: 'http' });
    const { result } = await slash(h, 'transfer-leader 42 4', {
      channelId: 'G0PRIVATE',
      channelName: 'privategroup',
    });
    expect(flat((await result()).body)).toContain('HTTP 200');
    expect(h.pdWrites().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /pd/api/v1/operators']);
  });

  it('signs "opened in a DM" into a form opened in a group DM, and refuses a change submitted from it', async () => {
    h = await startHarness({ mode: 'http' });
    const channelId = 'C0GROUPDM';
    // A preview may be asked in a group DM, so its form opens; the form remembers where it was opened.
    await slash(h, 'drain-store --dry-run', { channelId, channelName: 'mpdm-alice--bob-1' });
    const opened = await h.slack.waitForCall('views.open');
    const view = opened.args.view as { private_metadata: string };
    const metadata = verifyModalMetadata(view.private_metadata, modalMetadataKey(SIGNING_SECRET));
    expect(metadata.ok && JSON.parse(metadata.payload)).toMatchObject({ channelId, directMessage: true });
    // The same form for a real run (as a form from before --dry-run was sticky would be): refused.
    const action = TIKV_ACTIONS.find((a) => a.name === 'drain_store');
    if (action === undefined) throw new Error('no drain_store');
    const form = buildParamsModal(
      action,
      {},
      {
        action: action.name,
        channelId,
        directMessage: true,
        userId: 'U0ONCALL',
        responseUrl: h.slack.newResponseUrl(),
        issuedAt: Date.now(),
      },
      h.sim.url,
    );
    const signed = signModalView(form, modalMetadataKey(SIGNING_SECRET));
    const res = await postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata: signed.private_metadata ?? '',
        userId: 'U0ONCALL',
        values: { 'param:store_id': { value: '4' } },
      }),
    );
    expect(res.status).toBe(200);
    expect(flat(res.json)).toContain('Changes run in a channel');
    expect(h.pdWrites()).toEqual([]);
  });
});
