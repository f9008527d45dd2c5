import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import type { Clock } from '../../src/core/engine.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/slack/render-approval-message.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { blockActionsPayload, postInteraction } from '../support/fake-slack/index.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

const POLICY = `version: 1
description: test policy
approvals:
  required_for_risk: [high]
  ttl_minutes: 20
  approvers:
    users: [U0LEAD, U0LEAD2]
    groups: [S0LEADS]
rules:
  - name: oncall-incident
    users: [U0ONCALL]
    groups: [S0SRE]
    channels: [C0INCIDENT]
    risk: [medium, high]
`;

/** A wall clock the test moves by hand, so expiry needs no waiting. */
function manualClock(start = Date.parse('2026-11-28T18:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => new Date(now), monotonic: () => performance.now(), advance: (ms) => (now += ms) };
}

describe('policy, approvals, dry-run and audit through the real Bolt app', () => {
  let h: Harness;
  let dir: string | undefined;
  afterEach(async () => {
    await h.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function start(clock?: Clock, approvalSweepMs?: number) {
    dir = await mkdtemp(join(tmpdir(), 'tikv-audit-'));
    const auditFile = join(dir, 'audit.jsonl');
    h = await startHarness({
      mode: 'http',
      policy: POLICY,
      auditFile,
      ...(clock && { clock }),
      ...(approvalSweepMs !== undefined && { approvalSweepMs }),
    });
    h.slack.setUsergroup('S0SRE', ['U0GROUPIE']);
    h.slack.setUsergroup('S0LEADS', []);
    return {
      auditFile,
      audit: async () =>
        (await readFile(auditFile, 'utf8'))
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as AuditRecord),
    };
  }

  /** Ask for a high-risk action and return the approval id from the posted buttons. */
  async function requestApproval(text = 'drain-store 3') {
    const { result, responseUrl } = await slash(h, text);
    const message = (await result()).body as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const actions = message.blocks.find((b) => b.type === 'actions');
    const approvalId = actions?.elements?.find((e) => e.action_id === APPROVE_ACTION_ID)?.value;
    if (!approvalId) throw new Error(`no approval buttons in ${flat(message)}`);
    return { message, approvalId, responseUrl };
  }

  async function click(actionId: string, approvalId: string, userId: string) {
    const responseUrl = h.slack.newResponseUrl();
    const res = await postInteraction(
      h.botUrl,
      SIGNING_SECRET,
      blockActionsPayload({
        actionId,
        value: approvalId,
        userId,
        channelId: 'C0INCIDENT',
        messageTs: '1795888800.000100',
        responseUrl,
        blockId: 'tikv:approval',
      }),
    );
    expect(res.status).toBe(200);
    const reply = await h.slack.waitForResponse((r) => r.url === responseUrl);
    return reply.body as Record<string, unknown>;
  }

  it('denies a user no rule grants, privately, saying who, where and which rule would allow it', async () => {
    await start();
    const { ack, result } = await slash(h, 'transfer-leader 42 4', { userId: 'U0INTERN' });
    expect(ack.status).toBe(200);
    const reply = await result();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const text = flat(reply.body);
    expect(text).toContain('<@U0INTERN> may not run transfer_leader (medium risk) in <#C0INCIDENT>');
    expect(text).toContain('rule \\"oncall-incident\\"');
    expect(h.pdWrites()).toEqual([]);
  });

  it('denies a granted user in a channel the rule does not cover', async () => {
    await start();
    const reply = await (await slash(h, 'transfer-leader 42 4', { channelId: 'C0RANDOM' })).result();
    expect(flat(reply.body)).toContain('in <#C0RANDOM>');
    expect(flat(reply.body)).toContain('run it there');
    expect(h.pdWrites()).toEqual([]);
  });

  it('lets a granted user run a medium-risk action at once', async () => {
    const { audit } = await start();
    const reply = await (await slash(h, 'transfer-leader 42 4')).result();
    expect(flat(reply.body)).toContain(fenced('"The operator is created."\n'));
    expect(h.pdWrites()).toHaveLength(1);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'executed']);
  });

  it('grants through a Slack user group, looked up with usergroups.users.list', async () => {
    await start();
    const reply = await (await slash(h, 'transfer-leader 42 4', { userId: 'U0GROUPIE' })).result();
    expect(flat(reply.body)).toContain('The operator is created.');
    expect(
      h.slack
        .callsTo('usergroups.users.list')
        .map((c) => c.args.usergroup)
        .sort(),
    ).toEqual(['S0LEADS', 'S0SRE']);
  });

  it('denies, rather than guessing, when user groups cannot be checked', async () => {
    await start();
    h.slack.failNext('usergroups.users.list', { error: 'missing_scope', times: 2 });
    const reply = await (await slash(h, 'transfer-leader 42 4', { userId: 'U0GROUPIE' })).result();
    expect(flat(reply.body)).toContain('could not check the user groups');
    expect(h.pdWrites()).toEqual([]);
  });

  it('posts an approval request for a high-risk action and sends PD nothing yet', async () => {
    const { audit } = await start();
    const { message } = await requestApproval();
    const text = flat(message);
    expect(text).toContain('<@U0ONCALL> asks to run *drain-store*');
    expect(text).toContain('<@U0LEAD>, <@U0LEAD2>, <!subteam^S0LEADS>');
    expect(text).toContain('Expires <!date^');
    expect(h.pdWrites()).toEqual([]);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested']);
  });

  it('runs the action once an approver approves, and updates the request in place', async () => {
    const { audit } = await start();
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
    const { audit } = await start();
    const { approvalId } = await requestApproval();
    const self = await click(APPROVE_ACTION_ID, approvalId, 'U0ONCALL');
    expect(self).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(flat(self)).toContain('someone else must approve it');
    const stranger = await click(APPROVE_ACTION_ID, approvalId, 'U0INTERN');
    expect(stranger).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(stranger)).toContain('Not done');
    expect(flat(stranger)).toContain('U0INTERN');
    expect(h.pdWrites()).toEqual([]);
    const refusals = (await audit()).filter((r) => r.event === 'denied');
    expect(refusals.map((r) => [r.userId, r.requesterId, r.approvalId])).toEqual([
      ['U0ONCALL', undefined, approvalId],
      ['U0INTERN', 'U0ONCALL', approvalId],
    ]);
  });

  it('acks an approval click at once even while PD hangs', async () => {
    await start();
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
    await start(clock, 20);
    await writeFile(h.policyFile, POLICY.replace('ttl_minutes: 20', 'ttl_minutes: 60'));
    await h.bot.reloadPolicy();
    await requestApproval();
    clock.advance(61 * 60_000);
    const posted = await h.slack.waitForCall('chat.postMessage');
    expect(posted.args.channel).toBe('C0INCIDENT');
    expect(flat(posted.args.blocks)).toContain('without approval');
    expect(h.pdWrites()).toEqual([]);
  });

  it('rejects: the request is closed in place and PD never hears of it', async () => {
    const { audit } = await start();
    const { approvalId } = await requestApproval();
    const updated = await click(REJECT_ACTION_ID, approvalId, 'U0LEAD2');
    expect(flat(updated)).toContain('Rejected by <@U0LEAD2>');
    const late = await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect(flat(late)).toContain('rejected');
    expect(h.pdWrites()).toEqual([]);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested', 'rejected']);
  });

  it('expires a request nobody approved in time (injected clock)', async () => {
    const clock = manualClock();
    const { audit } = await start(clock);
    const { approvalId } = await requestApproval();
    clock.advance(30 * 60_000);
    const updated = await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect(flat(updated)).toContain('Expired');
    expect(h.pdWrites()).toEqual([]);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested', 'expired']);
  });

  it('expires untouched requests on its own and says so in the channel', async () => {
    const clock = manualClock();
    const { audit } = await start(clock, 20);
    const { responseUrl } = await requestApproval();
    clock.advance(21 * 60_000);
    const notice = await h.slack.waitForResponse((r) => r.url === responseUrl && r.use === 2);
    expect(notice.body).toMatchObject({ response_type: 'in_channel', replace_original: true });
    expect(flat(notice.body)).toContain('without approval');
    expect(h.pdWrites()).toEqual([]);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'approval_requested', 'expired']);
  });

  it('checks the approver against the policy in force at click time, after a reload', async () => {
    await start();
    const { approvalId } = await requestApproval();
    await writeFile(h.policyFile, POLICY.replace('users: [U0LEAD, U0LEAD2]', 'users: [U0LEAD2]'));
    expect(await h.bot.reloadPolicy()).toEqual({ ok: true });
    const refused = await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    expect(refused).toMatchObject({ response_type: 'ephemeral' });
    expect(h.pdWrites()).toEqual([]);
    const approved = await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD2');
    expect(flat(approved)).toContain('Approved by <@U0LEAD2>');
    expect(h.pdWrites()).toHaveLength(1);
  });

  it('keeps the policy in force when a reload finds a broken file', async () => {
    await start();
    await writeFile(h.policyFile, 'version: 2\n');
    const result = await h.bot.reloadPolicy();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toContain('policy.yaml:1:');
    const reply = await (await slash(h, 'transfer-leader 42 4')).result();
    expect(flat(reply.body)).toContain('The operator is created.');
  });

  it('makes exactly one PD call however many approvals arrive at once', async () => {
    await start();
    const { approvalId } = await requestApproval();
    const clicks = await Promise.all(
      ['U0LEAD', 'U0LEAD2', 'U0LEAD', 'U0LEAD2', 'U0LEAD', 'U0LEAD2'].map((u) =>
        click(APPROVE_ACTION_ID, approvalId, u),
      ),
    );
    expect(h.pdWrites()).toHaveLength(1);
    expect(clicks.filter((c) => c.replace_original === true)).toHaveLength(1);
    expect(clicks.filter((c) => c.response_type === 'ephemeral')).toHaveLength(5);
  });

  it('previews with --dry-run: the exact request, privately, and nothing sent', async () => {
    const { audit } = await start();
    const reply = await (await slash(h, 'drain-store 3 --dry-run')).result();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(reply.body)).toContain(
      fenced(`POST ${h.sim.url}/pd/api/v1/schedulers\n{"name":"evict-leader-scheduler","store_id":3}`),
    );
    expect(h.sim.requests).toEqual([]);
    expect((await audit()).map((r) => [r.event, r.dryRun])).toEqual([['requested', true]]);
  });

  it('never previews what the user could not run', async () => {
    await start();
    const reply = await (await slash(h, 'drain-store 3 --dry-run', { userId: 'U0INTERN' })).result();
    expect(flat(reply.body)).toContain('may not run drain_store');
    expect(flat(reply.body)).not.toContain('evict-leader-scheduler\\",');
  });

  it('answers whoami with what the caller may run here', async () => {
    await start();
    const reply = await (await slash(h, 'whoami')).result();
    const text = flat(reply.body);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(text).toContain(':white_check_mark: *transfer-leader*');
    expect(text).toContain(':raised_hand: *drain-store*');
    expect(h.sim.requests).toEqual([]);
  });
});
