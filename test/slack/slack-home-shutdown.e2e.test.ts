import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/bot-harness.js';
import {
  appHomeOpenedEvent,
  eventCallbackBody,
  imMessageEvent,
  postEvent,
} from '../support/fake-slack/index.js';

describe('App Home and DMs respect shutdown', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('during the drain, an open of Home or a DM is acked and nothing else: no PD read, no publish, no reply', async () => {
    h = await startHarness({ mode: 'http' });
    // Holds the drain open for as long as the test needs, instead of racing a timer.
    const hold = h.bot.work.begin({ kind: 'test', label: 'held by the test' });
    const stopping = h.bot.shutdown('SIGTERM');
    const home = await postEvent(
      h.botUrl,
      SIGNING_SECRET,
      eventCallbackBody(appHomeOpenedEvent({ userId: 'U0ONCALL' })),
    );
    expect(home.status).toBe(200);
    const dm = await postEvent(
      h.botUrl,
      SIGNING_SECRET,
      eventCallbackBody(imMessageEvent({ userId: 'U0ONCALL', channelId: 'D0ONCALL', text: 'stores' })),
    );
    expect(dm.status).toBe(200);
    hold.end();
    expect((await stopping).code).toBe(0);
    expect(h.logs.find((l) => l.decision === 'refused_restarting' && l.kind === 'other')).toHaveLength(2);
    expect(h.sim.requests).toEqual([]);
    expect(h.slack.callsTo('views.publish')).toEqual([]);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('lets an open of Home in flight finish publishing before it reports stopped', async () => {
    h = await startHarness({ mode: 'http', homeWaitMs: 30_000 });
    const harness = h;
    harness.sim.faults.add({ method: 'GET', path: '/pd/api/v1/stores', action: 'delay', ms: 300 });
    const stopping = harness.sim
      .waitForRequest((r) => r.path === '/pd/api/v1/stores', 10_000)
      .then(() => harness.bot.shutdown('SIGTERM'));
    await postEvent(
      harness.botUrl,
      SIGNING_SECRET,
      eventCallbackBody(appHomeOpenedEvent({ userId: 'U0ONCALL' })),
    );
    expect((await stopping).code).toBe(0);
    const published = harness.slack.callsTo('views.publish');
    expect(published).toHaveLength(1);
    expect(published[0]?.response?.ok).toBe(true);
    expect(JSON.stringify(published[0]?.args.view)).toContain('*7 stores*');
  });
});
