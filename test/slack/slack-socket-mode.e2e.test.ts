import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { slashCommandFields } from '../support/fake-slack/index.js';
import { fenced, flat } from './slack-e2e-helpers.js';

describe('/tikv over Socket Mode', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'socket', pdTimeoutMs: 1000 });
  });
  afterEach(async () => {
    await h.close();
  });

  function command(text: string) {
    const responseUrl = h.slack.newResponseUrl();
    const envelope = h.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({ text, responseUrl, userId: 'U0ONCALL', channelId: 'C0INCIDENT' }),
    );
    return { envelope, responseUrl };
  }

  it('acks the envelope before calling PD, then posts PD answer in the channel', async () => {
    const { envelope, responseUrl } = command('transfer-leader 42 4');
    const ack = await envelope.ack;
    expect(ack.elapsedMs).toBeLessThan(3000);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    const response = await h.slack.waitForResponse((r) => r.url === responseUrl);
    expect(response.body).toMatchObject({ response_type: 'in_channel' });
    expect(flat(response.body)).toContain(fenced('"The operator is created."\n'));
    expect(h.pdWrites().map((r) => r.body)).toEqual([
      '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
    ]);
  });

  it('acks even while PD hangs: the ack never waits for PD', async () => {
    h.sim.faults.add({ method: 'POST', path: '/pd/api/v1/operators', action: 'hang' });
    const { envelope } = command('transfer-leader 42 4');
    const ack = await envelope.ack;
    await h.sim.waitForRequest((r) => r.method === 'POST');
    // PD hangs until the 1 s timeout; an ack that waited for it would take at least that long.
    expect(ack.elapsedMs).toBeLessThan(900);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
  });

  it('acks bad input with the ephemeral explanation and sends PD nothing', async () => {
    const { envelope } = command('transfer-leader 42 x');
    const ack = await envelope.ack;
    expect(flat(ack.payload)).toContain('to_store_id must be a positive integer, got \\"x\\"');
    expect(h.sim.requests).toEqual([]);
  });

  it('opens the form over the socket when arguments are missing', async () => {
    const { envelope } = command('drain-store');
    expect((await envelope.ack).payload).toEqual({});
    const open = await h.slack.waitForCall('views.open');
    expect(flat(open.args.view)).toContain('param:store_id');
  });

  it('keeps working after Slack asks the client to reconnect', async () => {
    const before = h.slack.socketConnections.length;
    h.slack.disconnectSockets('refresh_requested');
    await h.slack.waitForSocketConnection((c) => c.open && c.id > before);
    const { envelope, responseUrl } = command('transfer-leader 42 4');
    await envelope.ack;
    await h.slack.waitForResponse((r) => r.url === responseUrl);
    expect(h.pdWrites()).toHaveLength(1);
  });
});
