import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { RESPONSE_URL_FAULT } from '../support/fake-slack/index.js';
import { manualClock, POLICY, postClick, REQUEST_TS, useSafetyHarness } from './safety-harness.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

describe('approval decisions reach the channel by every route', () => {
  const { start, requestApproval } = useSafetyHarness();

  it('replaces the request with chat.update when the click’s response_url refuses twice', async () => {
    const { h } = await start();
    const { approvalId } = await requestApproval();
    h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, times: 2 });
    await postClick(h, APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    const update = await h.slack.waitForCall('chat.update');
    expect(update.args).toMatchObject({ channel: 'C0INCIDENT', ts: REQUEST_TS });
    expect(flat(update.args.blocks)).toContain('Approved by <@U0LEAD>');
    expect(flat(update.args.blocks)).toContain(fenced('"The scheduler is created."\n'));
    expect(flat(update.args.blocks)).not.toContain(APPROVE_ACTION_ID);
    expect(h.pdWrites()).toHaveLength(1);
    expect(await h.logs.waitFor((l) => l.decision === 'delivered')).toMatchObject({
      route: 'chat.update',
      tried: ['response_url', 'response_url_plain_text', 'chat.update'],
      approvalId,
    });
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('posts a new message when chat.update is refused too', async () => {
    const { h } = await start();
    const { approvalId } = await requestApproval();
    h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, times: 2 });
    h.slack.failNext('chat.update', { error: 'cant_update_message' });
    await postClick(h, REJECT_ACTION_ID, approvalId, 'U0LEAD2');
    const posted = await h.slack.waitForCall('chat.postMessage');
    expect(posted.args.channel).toBe('C0INCIDENT');
    expect(flat(posted.args.blocks)).toContain('Rejected by <@U0LEAD2>');
    expect(h.pdWrites()).toEqual([]);
  });

  it('logs one loud line when every route refuses the outcome of an approval', async () => {
    const { h } = await start();
    const { approvalId, message } = await requestApproval();
    const correlationId = flat(message).match(/correlation id `(corr\d+)`/)?.[1];
    expect(correlationId).toBeDefined();
    h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, times: 2 });
    h.slack.failNext('chat.update', { error: 'cant_update_message' });
    h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    await postClick(h, APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    const line = await h.logs.waitFor((l) => l.decision === 'delivery_failed');
    expect(line).toMatchObject({
      level: 50,
      correlationId,
      approvalId,
      tried: ['response_url', 'response_url_plain_text', 'chat.update', 'chat.postMessage'],
      errors: [
        expect.stringContaining('response_url'),
        expect.stringContaining('response_url_plain_text'),
        'chat.update: cant_update_message',
        'chat.postMessage: not_in_channel',
      ],
    });
    expect(h.logs.find((l) => l.decision === 'delivery_failed')).toHaveLength(1);
    // PD acted all the same: the log and the audit trail are the witnesses.
    expect(h.pdWrites()).toHaveLength(1);
  });

  it('keeps a refusal private: its fallback is chat.postEphemeral to the person who clicked', async () => {
    const { h } = await start();
    const { approvalId } = await requestApproval();
    h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, times: 2 });
    await postClick(h, APPROVE_ACTION_ID, approvalId, 'U0INTERN');
    const ephemeral = await h.slack.waitForCall('chat.postEphemeral');
    expect(ephemeral.args).toMatchObject({ channel: 'C0INCIDENT', user: 'U0INTERN' });
    expect(flat(ephemeral.args)).toContain('Not done');
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(h.slack.callsTo('chat.update')).toEqual([]);
  });

  it('edits a request posted through chat.postMessage when it expires after its response_url', async () => {
    const clock = manualClock();
    const { h } = await start(clock);
    await writeFile(h.policyFile, POLICY.replace('ttl_minutes: 20', 'ttl_minutes: 60'));
    await h.bot.reloadPolicy();
    h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, times: 2 });
    await slash(h, 'drain-store 3');
    const request = await h.slack.waitForCall('chat.postMessage');
    const ts = request.response?.ts;
    expect(typeof ts).toBe('string');
    // Logged once the ts is on record, so the sweep below knows which message to edit.
    expect(await h.logs.waitFor((l) => l.decision === 'approval_message')).toMatchObject({ ts });
    clock.advance(61 * 60_000);
    await h.bot.sweepApprovals();
    const update = h.slack.callsTo('chat.update');
    expect(update.map((c) => [c.args.channel, c.args.ts])).toEqual([['C0INCIDENT', ts]]);
    expect(flat(update[0]?.args.blocks)).toContain('without approval');
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('edits the request, known from a click, when it expires after its response_url', async () => {
    const clock = manualClock();
    const { h } = await start(clock);
    await writeFile(h.policyFile, POLICY.replace('ttl_minutes: 20', 'ttl_minutes: 60'));
    await h.bot.reloadPolicy();
    const { approvalId } = await requestApproval();
    await (await postClick(h, APPROVE_ACTION_ID, approvalId, 'U0INTERN')).reply();
    clock.advance(61 * 60_000);
    await h.bot.sweepApprovals();
    expect(h.slack.callsTo('chat.update').map((c) => [c.args.channel, c.args.ts])).toEqual([
      ['C0INCIDENT', REQUEST_TS],
    ]);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });
});
