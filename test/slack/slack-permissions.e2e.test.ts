import { describe, expect, it } from 'vitest';
import { useSafetyHarness } from './safety-harness.js';
import { flat, slash } from './slack-e2e-helpers.js';

/** `whoami` words the policy's facts for Slack: mentions for people and channels. */
describe('whoami and can through the real Bolt app', () => {
  const { start } = useSafetyHarness();

  it('words a denied action with mentions, and what would allow it', async () => {
    const { h } = await start();
    const reply = await (await slash(h, 'can drain-store', { userId: 'U0INTERN' })).result();
    const text = flat(reply.body);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(text).toContain(
      ':no_entry: *drain-store* (high) — <@U0INTERN> may not run drain-store (high risk) in <#C0INCIDENT>',
    );
    expect(text).toContain('you are not in its users or groups');
    expect(h.sim.requests).toEqual([]);
  });

  it('says it could not check your groups when Slack cannot say', async () => {
    const { h } = await start();
    h.slack.failNext('usergroups.users.list', { error: 'ratelimited', times: 2 });
    const reply = await (await slash(h, 'whoami', { userId: 'U0GROUPIE' })).result();
    expect(flat(reply.body)).toContain(
      'Could not check your groups with Slack; grants by group are not shown.',
    );
    expect(h.sim.requests).toEqual([]);
  });
});
