import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { SIGNING_SECRET } from '../support/bot-harness.js';
import { blockActionsPayload, postInteraction, RESPONSE_URL_FAULT } from '../support/fake-slack/index.js';
import { manualClock, POLICY, postClick, useSafetyHarness } from './safety-harness.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

describe('two-person approvals through the real Bolt app', () => {
  const { start, requestApproval, click } = useSafetyHarness();

  it('posts an approval request for a high-risk action and sends PD nothing yet', async () => {
    const { h, audit } = await start();
    const { message } = await requestApproval();
    const text = flat(message);
    expect(text).toContain('<@U0ONCALL> asks to run *drain-store*');
    expect(text).toContain('<@U0LEAD>, <@U0LEAD2>, <!subteam^S0LEADS>');
    expect(text).toContain('Expires <!date^');
    expect(h.pdWrites()).toEqual([]);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested']);
  });

  it('runs the action once an approver approves, and updates the request in place', async () => {
    const { h, audit } = await start();
    const { approvalId } = await requestApproval();
    const updated = await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect(updated.replace_original).toBe(true);
    const text = flat(updated);
    expect(text).toContain('Approved by <@U0LEAD>');
    expect(text).toContain(fenced('"The scheduler is created."\n'));
    expect(text).not.toContain(APPROVE_ACTION_ID);
    expect(h.pdWrites().map((r) => r.body)).toEqual(['{"name":"evict-leader-scheduler","store_id":3}']);
    const records = await audit();
    expect(records.map((r) => r.event)).toEqual(['requested', 'approval_requested', 'approved', 'executed']);
    expect(records[3]).toMatchObject({
      userId: 'U0LEAD',
      requesterId: 'U0ONCALL',
      approvalId,
      pd: { status: 200, rawBody: '"The scheduler is created."\n' },
    });
  });

  it('refuses self-approval and approval by a non-approver, privately, without calling PD', async () => {
    const { h, audit } = await start();
    const { approvalId } = await requestApproval();
    const self = await click(APPROVE_ACTION_ID, approvalId, 'U0ONCALL');
    expect(self).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    // The command as typed, never the policy file's drain_store.
    expect(self.text).toBe(
      ':no_entry: Not done: you asked for this drain-store; someone else must approve it.',
    );
    const stranger = await click(APPROVE_ACTION_ID, approvalId, 'U0INTERN');
    expect(stranger).toMatchObject({ response_type: 'ephemeral' });
    expect(stranger.text).toBe(
      ':no_entry: Not done: <@U0INTERN> is not an approver; approvers are <@U0LEAD>, <@U0LEAD2>, members of user group S0LEADS.',
    );
    expect(h.pdWrites()).toEqual([]);
    const refusals = (await audit()).filter((r) => r.event === 'denied');
    expect(refusals.map((r) => [r.userId, r.requesterId, r.approvalId, r.reason])).toEqual([
      [
        'U0ONCALL',
        undefined,
        approvalId,
        'approve refused: you asked for this drain-store; someone else must approve it',
      ],
      [
        'U0INTERN',
        'U0ONCALL',
        approvalId,
        'approve refused: U0INTERN is not an approver; approvers are U0LEAD, U0LEAD2, members of user group S0LEADS',
      ],
    ]);
  });

  it('refuses a click whose groups Slack will not give, saying what to do, and sends PD nothing', async () => {
    // Group answers are cached for 60 s (monotonic): jumping past that makes the click ask Slack.
    let monotonicOffset = 0;
    const clock = { now: () => new Date(), monotonic: () => performance.now() + monotonicOffset };
    const { h } = await start(clock);
    const { approvalId } = await requestApproval();
    monotonicOffset += 61_000;
    h.slack.failNext('usergroups.users.list', { retryAfter: 60, times: 10 });
    const reply = await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply.text).toBe(
      ':no_entry: Not done: could not check your groups, so drain-store was not run; try again in a minute; if it persists, check the bot has the usergroups:read scope.',
    );
    expect(h.pdWrites()).toEqual([]);
  });

  it('acks an approval click at once even while PD hangs', async () => {
    const { h } = await start();
    h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/schedulers', action: 'hang' });
    const { approvalId } = await requestApproval();
    const responseUrl = h.slack.newResponseUrl();
    const res = await postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId: 'U0LEAD',
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000100',
        responseUrl,
        blockId: 'tikv:approval',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(1500);
    await h.slack.waitForResponse((r) => r.url === responseUrl);
  });

  it('announces an expiry with chat.postMessage once the request message can no longer be edited', async () => {
    const clock = manualClock();
    const { h } = await start(clock);
    await writeFile(h.policyFile, POLICY.replace('ttl_minutes: 20', 'ttl_minutes: 60'));
    await h.bot.reloadPolicy();
    await requestApproval();
    clock.advance(61 * 60_000);
    await h.bot.sweepApprovals();
    const posted = await h.slack.waitForCall('chat.postMessage');
    expect(posted.args.channel).toBe('C0INCIDENT');
    expect(flat(posted.args.blocks)).toContain('without approval');
    expect(h.pdWrites()).toEqual([]);
  });

  it('rejects: the request is closed in place and PD never hears of it', async () => {
    const { h, audit } = await start();
    const { approvalId } = await requestApproval();
    const updated = await click(REJECT_ACTION_ID, approvalId, 'U0LEAD2');
    expect(flat(updated)).toContain('Rejected by <@U0LEAD2>');
    const late = await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect(late).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(late.text).toMatch(
      /^:no_entry: Not done: this request was rejected by <@U0LEAD2> at <!date\^\d+\^\{date_short_pretty\} \{time_secs\}\|[-\d :]+ UTC>\.$/,
    );
    expect(h.pdWrites()).toEqual([]);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested', 'rejected']);
  });

  it('expires a request nobody approved in time (injected clock)', async () => {
    const clock = manualClock();
    const { h, audit } = await start(clock);
    const { approvalId } = await requestApproval();
    clock.advance(30 * 60_000);
    const updated = await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect(flat(updated)).toContain('Expired');
    expect(h.pdWrites()).toEqual([]);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested', 'expired']);
  });

  it('expires untouched requests on its own and says so in the channel', async () => {
    const clock = manualClock();
    const { h, audit } = await start(clock);
    const { responseUrl } = await requestApproval();
    clock.advance(21 * 60_000);
    await h.bot.sweepApprovals();
    const notice = await h.slack.waitForResponse((r) => r.url === responseUrl && r.use === 2);
    expect(notice.body).toMatchObject({ response_type: 'in_channel', replace_original: true });
    expect(flat(notice.body)).toContain('without approval');
    expect(h.pdWrites()).toEqual([]);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested', 'expired']);
  });

  it('expires a request through its response_url even while its first reply is still in flight', async () => {
    const clock = manualClock();
    const { h } = await start(clock);
    // Slack has the request message, but the bot has not heard back yet: the moment the sweeper
    // once found no message reference and fell back to a new chat.postMessage.
    const answers = h.slack.holdAnswers(RESPONSE_URL_FAULT);
    const { responseUrl } = await slash(h, 'drain-store 3');
    await h.slack.waitForResponse((r) => r.url === responseUrl && r.use === 1);
    clock.advance(21 * 60_000);
    const sweeping = h.bot.sweepApprovals();
    const notice = await h.slack.waitForResponse((r) => r.url === responseUrl && r.use === 2);
    answers.release();
    await sweeping;
    expect(notice.body).toMatchObject({ response_type: 'in_channel', replace_original: true });
    expect(flat(notice.body)).toContain('without approval');
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('makes exactly one PD call when approvers click at the same moment', async () => {
    // Group answers are cached for 60 s (monotonic): jumping past that makes every click ask Slack.
    let monotonicOffset = 0;
    const clock = { now: () => new Date(), monotonic: () => performance.now() + monotonicOffset };
    const { h, audit } = await start(clock);
    const { approvalId } = await requestApproval();
    monotonicOffset += 61_000;
    // Each click reads the approval (pending), then waits for the group lookup: held here until
    // every click has been acked, so all of them decide on the same pending state.
    const lookups = h.slack.holdAnswers('usergroups.users.list');
    const since = h.slack.calls.length;
    const approvers = ['U0LEAD', 'U0LEAD2', 'U0LEAD', 'U0LEAD2'];
    const sent = await Promise.all(approvers.map((u) => postClick(h, APPROVE_ACTION_ID, approvalId, u)));
    expect(sent.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    await h.slack.waitForCall('usergroups.users.list', undefined, { since });
    expect(h.pdWrites()).toEqual([]);
    lookups.release();
    const replies = await Promise.all(sent.map((c) => c.reply()));
    expect(h.pdWrites()).toHaveLength(1);
    expect(replies.filter((r) => r.replace_original === true)).toHaveLength(1);
    const refused = replies.filter((r) => r.response_type === 'ephemeral');
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r.text).toMatch(
        /^:no_entry: Not done: this request was already approved by <@U0LEAD2?> at <!date\^/,
      );
    }
    const events = (await audit()).map((r) => r.event);
    expect(events.filter((e) => e === 'approved')).toHaveLength(1);
    expect(events.filter((e) => e === 'executed')).toHaveLength(1);
  });
});
