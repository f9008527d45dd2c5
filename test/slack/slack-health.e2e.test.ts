import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { flat, slash } from './slack-e2e-helpers.js';

describe('/tikv health through the real Bolt app', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'http' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('answers anyone with a private table of PD members, sending only the read', async () => {
    // U0PASSERBY is in no policy rule: a read-only action is open to everyone.
    const reply = await (await slash(h, 'health', { userId: 'U0PASSERBY' })).result();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const text = flat(reply.body);
    expect(text).toContain('PD answered *HTTP 200*: 3 PD members, all healthy');
    // The simulator's leader is pd-1 (member IDs above 2^53, compared as PD's digits).
    expect(text).toMatch(
      /```Member {2}Role {6}Health {3}Client URLs\\npd-0 {4}follower {2}healthy {2}http:\/\/pd-0.*\\npd-1 {4}leader {4}healthy/,
    );
    expect(h.sim.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', '/pd/api/v1/members'],
      ['GET', '/pd/api/v1/health'],
    ]);
  });
});
