import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { fenced, flat, slash } from './slack-e2e-helpers.js';

/** What PD received, in order, from the simulator's own log. */
const received = (h: Harness) => h.sim.requests.map((r) => [r.method, r.path, r.body]);

describe('/tikv drain-store, as pd-ctl does it, through the real Bolt app', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'http' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates the scheduler, then adds the next store through its config route', async () => {
    const first = flat((await (await slash(h, 'drain-store 3')).result()).body);
    expect(first).toContain(fenced('"The scheduler is created."\n'));
    const second = await (await slash(h, 'drain-store 4')).result();
    expect(second.body).toMatchObject({ response_type: 'in_channel' });
    const posted = flat(second.body);
    expect(posted).toContain(
      `PD answered *HTTP 200*:\\n${fenced('"The scheduler has been applied to the store."\n')}`,
    );
    expect(received(h)).toEqual([
      ['GET', '/pd/api/v1/schedulers', ''],
      ['POST', '/pd/api/v1/schedulers', '{"name":"evict-leader-scheduler","store_id":3}'],
      ['GET', '/pd/api/v1/schedulers', ''],
      [
        'POST',
        '/pd/api/v1/scheduler-config/evict-leader-scheduler/config',
        '{"name":"evict-leader-scheduler","store_id":4}',
      ],
    ]);
  });

  it('previews which route applies now and the other one, and sends PD no write', async () => {
    await (await slash(h, 'drain-store 3')).result();
    h.sim.requests.length = 0;
    const reply = await (await slash(h, 'drain-store 4 --dry-run')).result();
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const text = flat(reply.body);
    expect(text).toContain(
      'evict-leader-scheduler exists, so store 4 would be added through POST /pd/api/v1/scheduler-config/evict-leader-scheduler/config.',
    );
    expect(text).toContain(
      fenced(
        `POST ${h.sim.url}/pd/api/v1/scheduler-config/evict-leader-scheduler/config\n{"name":"evict-leader-scheduler","store_id":4}`,
      ),
    );
    expect(text).toContain(
      `If evict-leader-scheduler did not exist, it would send:\\n${fenced(`POST ${h.sim.url}/pd/api/v1/schedulers\n{"name":"evict-leader-scheduler","store_id":4}`)}`,
    );
    expect(received(h)).toEqual([['GET', '/pd/api/v1/schedulers', '']]);
    expect(h.sim.cluster.evictLeader.storeIds()).toEqual([3]);
  });

  it('stops at a failed read, in the channel, saying nothing was changed', async () => {
    h.sim.faults.set('GET /pd/api/v1/schedulers=no-leader');
    const reply = await (await slash(h, 'drain-store 3')).result();
    expect(reply.body).toMatchObject({ response_type: 'in_channel' });
    const text = flat(reply.body);
    expect(text).toContain('PD answered *HTTP 503* to `GET /pd/api/v1/schedulers`');
    expect(text).toContain('Nothing was changed: the bot stopped at this read, before any write.');
    expect(h.pdWrites()).toEqual([]);
  });
});
