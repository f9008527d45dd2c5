import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { POLICY } from './safety-harness.js';
import { flat, slash } from './slack-e2e-helpers.js';

/** Far below the 30–90 s a stuck lookup used to cost, far above a loaded machine's hiccups. */
const HEARD_WITHIN_MS = 5000;

describe('a slow or rate-limited group lookup denies within GROUP_LOOKUP_TIMEOUT_MS', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function deniedFor(arrange: (h: Harness) => void) {
    h = await startHarness({ mode: 'http', policy: POLICY, groupLookupTimeoutMs: 200 });
    h.slack.setUsergroup('S0SRE', []);
    h.slack.setUsergroup('S0LEADS', []);
    arrange(h);
    const started = performance.now();
    const { result } = await slash(h, 'transfer-leader 42 4');
    const reply = (await result()).body;
    const elapsedMs = performance.now() - started;
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(reply)).toContain('could not check your groups');
    expect(h.pdWrites()).toEqual([]);
    return elapsedMs;
  }

  it('denies when Slack never answers the lookup', async () => {
    const elapsedMs = await deniedFor((h) => void h.slack.holdAnswers('usergroups.users.list'));
    expect(elapsedMs).toBeLessThan(HEARD_WITHIN_MS);
    expect(h.logs.find((l) => l.msg === 'user group lookup failed')[0]?.err).toMatchObject({
      code: 'USERGROUP_LOOKUP_FAILED',
    });
  });

  it('denies at once on a 429 instead of waiting out Retry-After, and does not retry', async () => {
    const elapsedMs = await deniedFor((h) =>
      h.slack.failNext('usergroups.users.list', { retryAfter: 60, times: 5 }),
    );
    expect(elapsedMs).toBeLessThan(HEARD_WITHIN_MS);
    // Each group asked once (S0SRE, S0LEADS); no retry is waiting in the background.
    expect(h.slack.callsTo('usergroups.users.list')).toHaveLength(2);
  });

  it('does not hold other Slack calls behind a rate-limited lookup', async () => {
    await deniedFor((h) => h.slack.failNext('usergroups.users.list', { retryAfter: 60, times: 2 }));
    // Bolt's shared client pauses its whole queue on a 429; the lookups must not share it.
    await slash(h, 'transfer-leader');
    await h.slack.waitForCall('views.open');
  });
});
