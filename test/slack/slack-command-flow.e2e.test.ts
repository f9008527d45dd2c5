import { afterEach, describe, expect, it } from 'vitest';
import { PARAMS_MODAL_CALLBACK_ID } from '../../src/slack/params-modal.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import { postInteraction, viewSubmissionPayload } from '../support/fake-slack/index.js';
import { slash } from './slack-e2e-helpers.js';

const number = (value: string) => ({ value: { type: 'number_input', value } });

/**
 * Slack runs requests through the same CommandFlow.execute as the console and `exec`, so the
 * command's last log line says how it ended (the outcome kind), not merely that it was reported.
 */
describe('the Slack command flow logs how each command ended', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it.each([
    { text: 'transfer-leader 42 4', userId: 'U0ONCALL', outcome: 'ok' },
    { text: 'transfer-leader 42 4 --dry-run', userId: 'U0ONCALL', outcome: 'preview' },
    { text: 'transfer-leader 42 4', userId: 'U0INTERN', outcome: 'denied' },
  ])('a slash command that ends $outcome logs finished with that kind and its duration', async (c) => {
    h = await startHarness({ mode: 'http' });
    const { result } = await slash(h, c.text, { userId: c.userId });
    await result();
    const line = await h.logs.waitFor((l) => l.decision === 'finished');
    expect(line).toMatchObject({ outcome: c.outcome, durationMs: expect.any(Number) });
    expect(h.logs.find((l) => l.decision === 'finished')).toHaveLength(1);
  });

  it('a form submission that runs logs finished with the outcome kind and its duration', async () => {
    const harness = await startHarness({ mode: 'http' });
    h = harness;
    const command = await slash(harness, 'transfer-leader');
    const open = await harness.slack.waitForCall('views.open');
    const view = open.args.view as { private_metadata: string };
    const res = await postInteraction(
      harness.botUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: PARAMS_MODAL_CALLBACK_ID,
        privateMetadata: view.private_metadata,
        values: { 'param:region_id': number('42'), 'param:to_store_id': number('4') } as never,
        userId: 'U0ONCALL',
      }),
    );
    expect(res.status).toBe(200);
    await harness.slack.waitForResponse((r) => r.url === command.responseUrl);
    const line = await harness.logs.waitFor((l) => l.decision === 'finished' && l.outcome !== 'modal_opened');
    expect(line).toMatchObject({ outcome: 'ok', durationMs: expect.any(Number) });
    expect(harness.pdWrites()).toHaveLength(1);
  });
});
