import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { POLICY, useSafetyHarness } from './safety-harness.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

describe('policy, dry-run and whoami through the real Bolt app', () => {
  const { start, requestApproval, click } = useSafetyHarness();

  it('denies a user no rule grants, privately, saying who, where and which rule would allow it', async () => {
    const { h } = await start();
    const { ack, result } = await slash(h, 'transfer-leader 42 4', { userId: 'U0INTERN' });
    expect(ack.status).toBe(200);
    const reply = await result();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const text = flat(reply.body);
    expect(text).toContain('<@U0INTERN> may not run transfer-leader (medium risk) in <#C0INCIDENT>');
    expect(text).toContain('rule \\"oncall-incident\\"');
    expect(h.pdWrites()).toEqual([]);
  });

  it('denies a granted user in a channel the rule does not cover', async () => {
    const { h } = await start();
    const reply = await (await slash(h, 'transfer-leader 42 4', { channelId: 'C0RANDOM' })).result();
    expect(flat(reply.body)).toContain('in <#C0RANDOM>');
    expect(flat(reply.body)).toContain('run it there');
    expect(h.pdWrites()).toEqual([]);
  });

  it('lets a granted user run a medium-risk action at once', async () => {
    const { h, audit } = await start();
    const reply = await (await slash(h, 'transfer-leader 42 4')).result();
    expect(flat(reply.body)).toContain(fenced('"The operator is created."\n'));
    expect(h.pdWrites()).toHaveLength(1);
    expect((await audit()).map((r) => r.event)).toEqual(['requested', 'executed']);
  });

  it('grants through a Slack user group, looked up with usergroups.users.list', async () => {
    const { h } = await start();
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
    const { h } = await start();
    h.slack.failNext('usergroups.users.list', { error: 'missing_scope', times: 2 });
    const reply = await (await slash(h, 'transfer-leader 42 4', { userId: 'U0GROUPIE' })).result();
    expect(flat(reply.body)).toContain('could not check your groups');
    expect(h.pdWrites()).toEqual([]);
  });

  it('checks the approver against the policy in force at click time, after a reload', async () => {
    const { h } = await start();
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
    const { h } = await start();
    await writeFile(h.policyFile, 'version: 2\n');
    const result = await h.bot.reloadPolicy();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toContain('policy.yaml:1:');
    const reply = await (await slash(h, 'transfer-leader 42 4')).result();
    expect(flat(reply.body)).toContain('The operator is created.');
  });

  it('previews with --dry-run: the exact request, privately, and only the read sent', async () => {
    const { h, audit } = await start();
    const reply = await (await slash(h, 'drain-store 3 --dry-run')).result();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(reply.body)).toContain(
      fenced(`POST ${h.sim.url}/pd/api/v1/schedulers\n{"name":"evict-leader-scheduler","store_id":3}`),
    );
    // drain-store decides its request from the scheduler list, so the preview reads it; PD gets no write.
    expect(h.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /pd/api/v1/schedulers']);
    expect((await audit()).map((r) => [r.event, r.dryRun])).toEqual([['requested', true]]);
  });

  it('never previews what the user could not run', async () => {
    const { h } = await start();
    const reply = await (await slash(h, 'drain-store 3 --dry-run', { userId: 'U0INTERN' })).result();
    expect(flat(reply.body)).toContain('may not run drain-store');
    expect(flat(reply.body)).not.toContain('evict-leader-scheduler\\",');
  });

  it('answers whoami with what the caller may run here', async () => {
    const { h } = await start();
    const reply = await (await slash(h, 'whoami')).result();
    const text = flat(reply.body);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(text).toContain(':white_check_mark: *transfer-leader*');
    expect(text).toContain(':raised_hand: *drain-store*');
    expect(h.sim.requests).toEqual([]);
  });
});
