import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { REQUEST_TS, useSafetyHarness } from './safety-harness.js';
import { flat } from './slack-e2e-helpers.js';

describe('a write run after approval is followed on the approval message', () => {
  const { start, requestApproval, click } = useSafetyHarness();

  it('follows the approved drain and edits the request message (its ts from the click), ending in its thread', async () => {
    const { h } = await start();
    const { approvalId } = await requestApproval('drain-store 3');
    await click(APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    const started = await h.logs.waitFor((l) => l.decision === 'follow_up_started');
    expect(started).toMatchObject({ action: 'drain_store', subjectId: '3', kind: 'drain' });
    // Let the simulated drain run to the end; the bot's next poll sees leader_count 0.
    h.sim.advance(10 * 60_000);
    expect((await h.logs.waitFor((l) => l.decision === 'follow_up_ended', 20_000)).status).toBe(
      'leader_count 0',
    );
    const reply = await h.slack.waitForCall(
      'chat.postMessage',
      (c) => c.args.thread_ts === REQUEST_TS,
      20_000,
    );
    expect(flat(reply.args)).toContain('*Done*');
    const edit = await h.slack.waitForCall('chat.update', (c) => c.args.ts === REQUEST_TS, 20_000);
    expect(flat(edit.args)).toContain('Approved by <@U0LEAD>');
  }, 40_000);
});
