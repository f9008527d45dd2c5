import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';
import type { Clock } from '../../src/core/engine/engine-clock.js';
import { modalMetadataKey } from '../../src/slack/modal-metadata.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { UNDO_ACTION_ID, UNDO_BLOCK_ID } from '../../src/slack/undo-button.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  eventCallbackBody,
  homeBlockActionsPayload,
  newTriggerId,
  postEvent,
  postInteraction,
  slashCommandFields,
} from '../support/fake-slack/index.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

/** U0ONCALL may do anything; U0MOVER may move leaders but not cancel anything. */
const POLICY = `version: 1
description: undo buttons test policy
approvals:
  required_for_actions: [APPROVAL_FOR]
  approvers:
    users: [U0LEAD]
rules:
  - name: oncall
    users: [U0ONCALL, U0LEAD]
    risk: [low, medium, high]
  - name: movers
    users: [U0MOVER]
    actions: [transfer_leader]
`;

const RESULT_TS = '1795888800.000300';
const OPERATORS_42 = '/pd/api/v1/operators/42';
const UNDRAIN_3 = '/pd/api/v1/scheduler-config/evict-leader-scheduler/delete/3';

type Body = Record<string, unknown>;
type Element = {
  action_id?: string;
  value?: string;
  text?: { text: string };
  confirm?: Record<string, { text: string }>;
};
type Block = { type: string; block_id?: string; elements?: Element[] };

function undoButton(body: Body): Element | undefined {
  return ((body.blocks ?? []) as Block[])
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === UNDO_ACTION_ID);
}

/** Base64url payload of a signed value, re-encoded with one change and the old signature. */
function tamper(value: string, change: (v: Record<string, unknown>) => void): string {
  const [version, payload = '', signature] = value.split('.');
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(decoded);
  return `${version}.${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
}

/** A value signed the way the bot signs, for values the bot itself would never make. */
function signedByBot(secret: string, value: object): string {
  const key = modalMetadataKey(secret).sign('tikv-chatops undo button v1');
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `u1.${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

describe('Cancel and Undrain buttons, through the real Bolt app', () => {
  let h: Harness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function start(
    opts: { mode?: 'http' | 'socket'; approvalFor?: string; approvalTtlMinutes?: number; clock?: Clock } = {},
  ) {
    dir = await mkdtemp(join(tmpdir(), 'undo-'));
    const auditFile = join(dir, 'audit.jsonl');
    const policy = POLICY.replace('APPROVAL_FOR', opts.approvalFor ?? 'regions_check');
    h = await startHarness({
      mode: opts.mode ?? 'http',
      policy:
        opts.approvalTtlMinutes === undefined
          ? policy
          : policy.replace('approvals:\n', `approvals:\n  ttl_minutes: ${opts.approvalTtlMinutes}\n`),
      auditFile,
      ...(opts.clock !== undefined && { clock: opts.clock }),
    });
    const audit = async () =>
      (await readFile(auditFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditRecord);
    return { h, audit };
  }

  /** A typed write's in-channel result, as the bot posted it. */
  async function result(bot: Harness, text: string, userId = 'U0ONCALL'): Promise<Body> {
    const body = (await (await slash(bot, text, { userId })).result()).body;
    expect(body.response_type).toBe('in_channel');
    return body;
  }

  /** The click payload Slack sends for the undo button on `message`. */
  function clickPayload(bot: Harness, message: Body, userId: string, value?: string) {
    const responseUrl = bot.slack.newResponseUrl();
    const payload = blockActionsPayload({
      actionId: UNDO_ACTION_ID,
      value: value ?? undoButton(message)?.value ?? '',
      userId,
      channelId: 'C0INCIDENT',
      messageTs: RESULT_TS,
      responseUrl,
      blockId: UNDO_BLOCK_ID,
      triggerId: newTriggerId(),
      message: { type: 'message', ts: RESULT_TS, text: message.text, blocks: message.blocks },
    });
    return { responseUrl, payload };
  }

  async function click(bot: Harness, message: Body, userId: string, value?: string) {
    const { responseUrl, payload } = clickPayload(bot, message, userId, value);
    const res = await postInteraction(bot.botUrl, SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    return { responseUrl, payload };
  }

  const posts = (bot: Harness, url: string) =>
    bot.slack.responses.filter((r) => r.url === url).map((r) => r.body);

  it('puts a Cancel button under transfer-leader, whose confirm says exactly what PD gets', async () => {
    const { h: bot } = await start();
    const message = await result(bot, 'transfer-leader 42 4');
    const button = undoButton(message);
    expect(button?.text?.text).toBe('Cancel');
    expect(button?.confirm?.title?.text).toBe('Cancel: cancel-operator region_id=42?');
    expect(button?.confirm?.text?.text).toBe(
      "Sends DELETE /pd/api/v1/operators/42 to PD on cluster default. PD cancels any operator on the region, including one a scheduler or checker started, not only the bot's. It runs as you, with the same policy, approval and audit as typing it.",
    );
    expect(button?.confirm?.confirm?.text).toBe('Send to PD');
    // The value is signed, not readable JSON someone could edit.
    expect(button?.value).toMatch(/^u1\.[\w-]+\.[\w-]+$/);
  });

  it('Cancel runs cancel-operator once for the clicker, posts PD answer for the channel, audits the button, and takes itself off', async () => {
    const { h: bot, audit } = await start();
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const removed = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true,
    );
    // PD got pd-ctl's `operator remove 42`, once.
    expect(bot.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${OPERATORS_42}`]);
    const [posted] = posts(bot, responseUrl);
    expect(posted).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(flat(posted)).toContain('*cancel-operator* — PD accepted it');
    expect(flat(posted)).toContain(fenced('"The pending operator is canceled."\n'));
    // The original result keeps everything but the button, and says who used it.
    expect(undoButton(removed.body)).toBeUndefined();
    expect(flat(removed.body)).toContain(fenced('"The operator is created."\n'));
    expect(flat(removed.body)).toContain(
      '<@U0ONCALL> ran *cancel-operator* from this message: PD answered HTTP 200',
    );
    const records = (await audit()).filter((r) => r.action === 'cancel_operator');
    expect(records.map((r) => [r.event, r.userId, r.via, r.undoOf])).toEqual([
      ['requested', 'U0ONCALL', 'undo_button', 'corr0001'],
      ['executed', 'U0ONCALL', 'undo_button', 'corr0001'],
    ]);
    expect(records[1]?.pd).toMatchObject({ method: 'DELETE', path: OPERATORS_42, status: 200 });
    const line = await bot.logs.waitFor((l) => l.decision === 'undo_click');
    expect(line).toMatchObject({ action: 'cancel_operator', undoOf: 'corr0001', user: 'U0ONCALL' });
    const status = await fetch(`${bot.sim.url}${OPERATORS_42}`).then((r) => r.json());
    expect(status).toMatch(/^status: CANCEL, /);
  });

  it('denies Cancel to someone the policy does not allow to cancel, privately, and PD gets nothing', async () => {
    const { h: bot, audit } = await start();
    // U0MOVER may move the leader, and so gets the button, but may not cancel.
    const message = await result(bot, 'transfer-leader 42 4', 'U0MOVER');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0MOVER');
    await bot.logs.waitFor((l) => l.decision === 'undo_button_kept');
    expect(bot.pdWrites()).toEqual([]);
    const replies = posts(bot, responseUrl);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(replies[0])).toContain('*cancel-operator* was not run');
    const denied = (await audit()).filter((r) => r.action === 'cancel_operator');
    expect(denied.map((r) => [r.event, r.userId, r.via, r.undoOf])).toEqual([
      ['denied', 'U0MOVER', 'undo_button', 'corr0001'],
    ]);
  });

  it('asks for approval when the undo action needs it, and runs it once approved', async () => {
    const { h: bot, audit } = await start({ approvalFor: 'cancel_operator' });
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const request = await bot.slack.waitForResponse((r) => r.url === responseUrl);
    expect(request.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(flat(request.body)).toContain('asks to run *cancel-operator*');
    await bot.logs.waitFor((l) => l.decision === 'undo_button_kept' && l.outcome === 'needs_approval');
    expect(bot.pdWrites()).toEqual([]);
    const approvalId = ((request.body.blocks ?? []) as Block[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (approvalId === undefined) throw new Error('no Approve button');
    const approveUrl = bot.slack.newResponseUrl();
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId: 'U0LEAD',
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000400',
        responseUrl: approveUrl,
        blockId: 'tikv:approval',
      }),
    );
    const decided = await bot.slack.waitForResponse((r) => r.url === approveUrl);
    expect(flat(decided.body)).toContain('Approved by <@U0LEAD>');
    expect(bot.pdWrites().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${OPERATORS_42}`]);
    const records = (await audit()).filter((r) => r.action === 'cancel_operator');
    expect(records.map((r) => [r.event, r.via, r.undoOf])).toEqual([
      ['requested', 'undo_button', 'corr0001'],
      ['approval_requested', 'undo_button', 'corr0001'],
      ['approved', 'undo_button', 'corr0001'],
      ['executed', 'undo_button', 'corr0001'],
    ]);
  });

  /** Approve or Reject on the approval request the undo click posted. */
  async function decide(bot: Harness, request: Body, kind: 'approve' | 'reject', userId = 'U0LEAD') {
    const approvalId = ((request.blocks ?? []) as Block[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (approvalId === undefined) throw new Error('no Approve button');
    const url = bot.slack.newResponseUrl();
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: kind === 'approve' ? APPROVE_ACTION_ID : REJECT_ACTION_ID,
        value: approvalId,
        userId,
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000400',
        responseUrl: url,
        blockId: 'tikv:approval',
      }),
    );
    return (await bot.slack.waitForResponse((r) => r.url === url)).body;
  }

  it('says on the original result that its Cancel waits for approval, keeps the button, and takes it off once the approved cancel ran', async () => {
    const { h: bot } = await start({ approvalFor: 'cancel_operator' });
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const request = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === false,
    );
    // The original, edited in place: everything it said, the button, and who asked for what.
    const pending = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true,
    );
    expect(undoButton(pending.body)?.text?.text).toBe('Cancel');
    expect(flat(pending.body)).toContain(fenced('"The operator is created."\n'));
    expect(flat(pending.body)).toContain(
      'Cancel requested by <@U0ONCALL> — waiting for approval (correlation id `corr0002`)',
    );
    await bot.logs.waitFor((l) => l.decision === 'undo_pending_noted' && l.originKept === true);
    expect(bot.pdWrites()).toEqual([]);

    const decided = await decide(bot, request.body, 'approve');
    expect(flat(decided)).toContain('Approved by <@U0LEAD>');
    const spent = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true && r !== pending,
    );
    expect(undoButton(spent.body)).toBeUndefined();
    expect(flat(spent.body)).not.toContain('waiting for approval');
    expect(flat(spent.body)).toContain(fenced('"The operator is created."\n'));
    expect(flat(spent.body)).toContain(
      '<@U0ONCALL> ran *cancel-operator* from this message, approved by <@U0LEAD>: PD answered HTTP 200',
    );
    expect(bot.pdWrites().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${OPERATORS_42}`]);
    await bot.logs.waitFor((l) => l.decision === 'undo_button_removed' && l.approved === true);
  });

  it('keeps Cancel on the original when its approval is rejected, and says so there', async () => {
    const { h: bot } = await start({ approvalFor: 'cancel_operator' });
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const request = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === false,
    );
    const pending = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true,
    );
    await decide(bot, request.body, 'reject');
    const noted = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true && r !== pending,
    );
    expect(undoButton(noted.body)?.text?.text).toBe('Cancel');
    expect(flat(noted.body)).not.toContain('waiting for approval');
    expect(flat(noted.body)).toContain(
      '*cancel-operator* requested by <@U0ONCALL> was rejected by <@U0LEAD>',
    );
    expect(bot.pdWrites()).toEqual([]);
  });

  it('takes Cancel off the original when the cancel is approved from Home', async () => {
    const { h: bot } = await start({ approvalFor: 'cancel_operator' });
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const pending = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true,
    );
    const opened = await postEvent(
      bot.botUrl,
      SIGNING_SECRET,
      eventCallbackBody(appHomeOpenedEvent({ userId: 'U0LEAD' })),
    );
    expect(opened.status).toBe(200);
    const home = await bot.slack.waitForCall('views.publish', (c) => c.args.user_id === 'U0LEAD');
    const view = home.args.view as { blocks: Block[] };
    const approve = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'home:approve');
    expect(approve?.value).toBeDefined();
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      homeBlockActionsPayload({
        userId: 'U0LEAD',
        view: view as unknown as Record<string, unknown>,
        actionId: 'home:approve',
        value: approve?.value ?? '',
      }),
    );
    const spent = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true && r !== pending,
    );
    expect(undoButton(spent.body)).toBeUndefined();
    expect(flat(spent.body)).toContain(
      '<@U0ONCALL> ran *cancel-operator* from this message, approved by <@U0LEAD>: PD answered HTTP 200',
    );
    expect(bot.pdWrites().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${OPERATORS_42}`]);
  });

  it('keeps Cancel on the original when its approval expires, and stops saying it waits', async () => {
    let offset = 0;
    const clock: Clock = {
      now: () => new Date(Date.now() + offset),
      monotonic: () => performance.now() + offset,
    };
    const { h: bot } = await start({ approvalFor: 'cancel_operator', clock });
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const pending = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true,
    );
    // Past the policy's 20 minutes, inside the response_url's 30.
    offset = 21 * 60_000;
    await bot.bot.sweepApprovals();
    const noted = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true && r !== pending,
    );
    expect(undoButton(noted.body)?.text?.text).toBe('Cancel');
    expect(flat(noted.body)).not.toContain('waiting for approval');
    expect(flat(noted.body)).toContain(
      '*cancel-operator* requested by <@U0ONCALL> expired: nobody approved it in time',
    );
    expect(bot.pdWrites()).toEqual([]);
  });

  it('takes Cancel off by chat.update when the approval came after the click’s response_url died', async () => {
    let offset = 0;
    const clock: Clock = {
      now: () => new Date(Date.now() + offset),
      monotonic: () => performance.now() + offset,
    };
    const { h: bot } = await start({ approvalFor: 'cancel_operator', approvalTtlMinutes: 60, clock });
    const message = await result(bot, 'transfer-leader 42 4');
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const request = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === false,
    );
    await bot.slack.waitForResponse((r) => r.url === responseUrl && r.body.replace_original === true);
    // Past Slack's 30 minutes for the click's response_url, inside the approval's hour.
    offset = 31 * 60_000;
    const decided = await decide(bot, request.body, 'approve');
    expect(flat(decided)).toContain('Approved by <@U0LEAD>');
    const updated = await bot.slack.waitForCall(
      'chat.update',
      (c) => c.args.channel === 'C0INCIDENT' && c.args.ts === RESULT_TS,
    );
    expect(updated.response?.ok).toBe(true);
    expect(undoButton(updated.args as Body)).toBeUndefined();
    expect(flat(updated.args)).toContain('approved by <@U0LEAD>: PD answered HTTP 200');
    expect(bot.slack.responses.filter((r) => r.url === responseUrl)).toHaveLength(2);
  });

  it('puts Undrain under an approved drain-store too, and it works from there', async () => {
    const { h: bot, audit } = await start({ approvalFor: 'drain_store' });
    const request = await result(bot, 'drain-store 3');
    const approvalId = ((request.blocks ?? []) as Block[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (approvalId === undefined) throw new Error('no Approve button');
    expect(undoButton(request)).toBeUndefined();
    const approveUrl = bot.slack.newResponseUrl();
    await postInteraction(
      bot.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId: 'U0LEAD',
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000400',
        responseUrl: approveUrl,
        blockId: 'tikv:approval',
      }),
    );
    const decided = (await bot.slack.waitForResponse((r) => r.url === approveUrl)).body;
    expect(flat(decided)).toContain('Approved by <@U0LEAD>');
    expect(undoButton(decided)?.text?.text).toBe('Undrain');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, decided, 'U0LEAD');
    await bot.slack.waitForResponse((r) => r.url === responseUrl && r.body.replace_original === true);
    expect(bot.pdWrites().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${UNDRAIN_3}`]);
    const executed = (await audit()).find((r) => r.action === 'undrain_store' && r.event === 'executed');
    // The button names the drain it came from: the approved request's correlation id.
    expect(executed).toMatchObject({ via: 'undo_button', undoOf: 'corr0001', userId: 'U0LEAD' });
  });

  it('runs a replayed click once: the same signed request twice gives one DELETE', async () => {
    const { h: bot } = await start();
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.requests.length = 0;
    const { responseUrl, payload } = clickPayload(bot, message, 'U0ONCALL');
    const timestamp = Math.floor(Date.now() / 1000);
    await postInteraction(bot.botUrl, SIGNING_SECRET, payload, { timestamp });
    await bot.slack.waitForResponse((r) => r.url === responseUrl && r.body.replace_original === true);
    await postInteraction(bot.botUrl, SIGNING_SECRET, payload, { timestamp });
    const note = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && flat(r.body).includes('already received'),
    );
    expect(note.body).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(note.body)).toContain('correlation id `corr0002`');
    expect(bot.pdWrites().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${OPERATORS_42}`]);
    expect(bot.logs.find((l) => l.decision === 'duplicate')).toHaveLength(1);
  });

  it.each([
    [
      'an edited region id under the old signature',
      (v: string) => tamper(v, (x) => (x.p = { region_id: '43' })),
    ],
    ['an edited action under the old signature', (v: string) => tamper(v, (x) => (x.a = 'drain_store'))],
    [
      'plain JSON instead of a signed value',
      () => JSON.stringify({ a: 'cancel_operator', p: { region_id: '42' }, c: 'default', o: 'x' }),
    ],
    [
      'a value signed with another secret',
      (v: string) => `${v.slice(0, v.lastIndexOf('.'))}.${'A'.repeat(43)}`,
    ],
    ['an empty value', () => ''],
  ])('refuses %s, and PD gets nothing', async (_name, forge) => {
    const { h: bot } = await start();
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL', forge(undoButton(message)?.value ?? ''));
    const reply = await bot.slack.waitForResponse((r) => r.url === responseUrl);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(reply.body)).toContain('Not done: this button was not made by this bot, or was changed');
    await bot.logs.waitFor((l) => l.decision === 'undo_refused');
    expect(bot.sim.requests).toEqual([]);
  });

  it.each([
    [
      'parameters its schema refuses',
      { a: 'cancel_operator', p: { region_id: '4x2' }, c: 'default', o: 'c' },
      'region_id must be a positive integer',
    ],
    [
      'a cluster that does not exist',
      { a: 'cancel_operator', p: { region_id: '42' }, c: 'nowhere', o: 'c' },
      'nowhere',
    ],
    [
      'an action this bot does not have',
      { a: 'delete_everything', p: {}, c: 'default', o: 'c' },
      'not made by this bot',
    ],
    ['a read-only view', { a: 'health', p: {}, c: 'default', o: 'c' }, 'not made by this bot'],
  ])(
    'validates even a correctly signed value again: refuses %s, and PD gets nothing',
    async (_name, value, says) => {
      const { h: bot } = await start();
      const message = await result(bot, 'transfer-leader 42 4');
      bot.sim.requests.length = 0;
      const { responseUrl } = await click(bot, message, 'U0ONCALL', signedByBot(SIGNING_SECRET, value));
      const reply = await bot.slack.waitForResponse((r) => r.url === responseUrl);
      expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
      expect(flat(reply.body)).toContain(says);
      expect(bot.sim.requests).toEqual([]);
    },
  );

  it('puts Undrain under drain-store; a click sends pd-ctl request once and takes the button off', async () => {
    const { h: bot, audit } = await start();
    const message = await result(bot, 'drain-store 3');
    const button = undoButton(message);
    expect(button?.text?.text).toBe('Undrain');
    expect(button?.confirm?.text?.text).toContain(`Sends DELETE ${UNDRAIN_3} to PD on cluster default.`);
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const removed = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true,
    );
    expect(bot.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${UNDRAIN_3}`]);
    expect(flat(posts(bot, responseUrl)[0])).toContain(fenced('"The last store has been deleted"\n'));
    expect(undoButton(removed.body)).toBeUndefined();
    const executed = (await audit()).find((r) => r.action === 'undrain_store' && r.event === 'executed');
    expect(executed).toMatchObject({ via: 'undo_button', undoOf: 'corr0001', userId: 'U0ONCALL' });
  });

  it('takes Undrain off when PD says the store is not drained any more: nothing to undo', async () => {
    const { h: bot } = await start();
    const message = await result(bot, 'drain-store 3');
    await result(bot, 'undrain-store 3');
    bot.sim.requests.length = 0;
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    const removed = await bot.slack.waitForResponse(
      (r) => r.url === responseUrl && r.body.replace_original === true,
    );
    expect(bot.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${UNDRAIN_3}`]);
    const [answer] = posts(bot, responseUrl);
    expect(flat(answer)).toContain(
      '*undrain-store* failed: store 3 is not under evict-leader; nothing to undo',
    );
    expect(flat(answer)).toContain('PD answered *HTTP 404*');
    expect(undoButton(removed.body)).toBeUndefined();
    expect(flat(removed.body)).toContain(
      'store 3 is not under evict-leader; nothing to undo (PD answered HTTP 404)',
    );
  });

  it('keeps Cancel when PD fails otherwise, so someone can try again', async () => {
    const { h: bot } = await start();
    const message = await result(bot, 'transfer-leader 42 4');
    bot.sim.faults.add({ method: 'DELETE', path: OPERATORS_42, action: 'status', status: 503 });
    const { responseUrl } = await click(bot, message, 'U0ONCALL');
    await bot.logs.waitFor((l) => l.decision === 'undo_button_kept' && l.outcome === 'pd_error');
    expect(posts(bot, responseUrl).filter((b) => b.replace_original === true)).toEqual([]);
  });

  it('gives no undo button to a dry run, a denial, or a PD error', async () => {
    const { h: bot } = await start();
    const dry = (await (await slash(bot, 'transfer-leader 42 4 --dry-run')).result()).body;
    expect(undoButton(dry)).toBeUndefined();
    const denied = (await (await slash(bot, 'drain-store 3', { userId: 'U0MOVER' })).result()).body;
    expect(undoButton(denied)).toBeUndefined();
    const failed = (await (await slash(bot, 'transfer-leader 99999 4')).result()).body;
    expect(flat(failed)).toContain('failed: region 99999 not found');
    expect(undoButton(failed)).toBeUndefined();
  });
});

describe('Cancel over Socket Mode', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('reaches PD once, and a redelivered envelope runs nothing', async () => {
    h = await startHarness({ mode: 'socket' });
    const responseUrl = h.slack.newResponseUrl();
    h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({
        text: 'transfer-leader 42 4',
        responseUrl,
        userId: 'U0ONCALL',
        channelId: 'C0INCIDENT',
      }),
    );
    const message = (await h.slack.waitForResponse((r) => r.url === responseUrl)).body;
    const value = undoButton(message)?.value;
    if (value === undefined) throw new Error('no Cancel button');
    h.sim.requests.length = 0;
    const clickUrl = h.slack.newResponseUrl();
    const payload = blockActionsPayload({
      actionId: UNDO_ACTION_ID,
      value,
      userId: 'U0ONCALL',
      channelId: 'C0INCIDENT',
      messageTs: RESULT_TS,
      responseUrl: clickUrl,
      blockId: UNDO_BLOCK_ID,
      message: { type: 'message', ts: RESULT_TS, text: message.text, blocks: message.blocks },
    });
    const envelopeId = 'undo-click-envelope-1';
    await h.slack.sendEnvelope('interactive', payload, { envelopeId }).ack;
    const removed = await h.slack.waitForResponse(
      (r) => r.url === clickUrl && r.body.replace_original === true,
    );
    expect(undoButton(removed.body)).toBeUndefined();
    await h.slack.sendEnvelope('interactive', payload, { envelopeId }).ack;
    await h.slack.waitForResponse((r) => r.url === clickUrl && flat(r.body).includes('already received'));
    expect(h.pdWrites().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${OPERATORS_42}`]);
  });
});
