import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { useSafetyHarness } from '../slack/safety-harness.js';
import { allLabelValues, get, samples } from './health-support.js';

describe('/metrics through an approval', () => {
  const { start, requestApproval, click } = useSafetyHarness();

  it('counts approvals by state, the command that asked for one, and the Slack group lookups by method', async () => {
    const { h } = await start();
    const { approvalId } = await requestApproval();
    await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    const scrape = await get(`${h.botUrl}/metrics`);
    expect(samples(scrape.text, 'tikv_chatops_approvals_total')).toEqual([
      { labels: { state: 'requested' }, value: 1 },
      { labels: { state: 'approved' }, value: 1 },
    ]);
    expect(samples(scrape.text, 'tikv_chatops_commands_total')).toEqual([
      { labels: { action: 'drain_store', cluster: 'default', outcome: 'needs_approval' }, value: 1 },
    ]);
    // The policy names user groups: checking them asks Slack.
    expect(samples(scrape.text, 'tikv_chatops_slack_api_calls_total')).toEqual(
      expect.arrayContaining([
        { labels: { method: 'usergroups.users.list' }, value: expect.any(Number) as number },
      ]),
    );
    expect(allLabelValues(scrape.text).filter((v) => v.includes(approvalId) || /U0[A-Z]+/.test(v))).toEqual(
      [],
    );
  });
});
