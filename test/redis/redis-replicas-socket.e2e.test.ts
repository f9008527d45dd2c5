import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import { POLICY, REQUEST_TS } from '../slack/safety-harness.js';
import { flat } from '../slack/slack-e2e-helpers.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { blockActionsPayload, slashCommandFields } from '../support/fake-slack/index.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

/**
 * Two replicas in Socket Mode: Slack spreads envelopes over every open connection of the app, so a
 * command may reach one replica, its approval click the other, and a redelivery either.
 */
describe('several replicas as one over Redis, in Socket Mode', () => {
  let redis: TestRedisServer;
  let a: Harness;
  let b: Harness;
  let connA: number;
  let connB: number;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  async function replicas() {
    a = await startHarness({ mode: 'socket', policy: POLICY, redisUrl: redis.url, instanceId: 'bot-a' });
    connA = (await a.slack.waitForSocketConnection()).id;
    b = await startHarness({
      mode: 'socket',
      policy: POLICY,
      redisUrl: redis.url,
      instanceId: 'bot-b',
      shareWith: a,
    });
    connB = (await a.slack.waitForSocketConnection((c) => c.open && c.id !== connA)).id;
    a.slack.setUsergroup('S0SRE', []);
    a.slack.setUsergroup('S0LEADS', []);
  }

  it('a command on one connection, its approval click on the other: PD called once', async () => {
    await replicas();
    const responseUrl = a.slack.newResponseUrl();
    a.slack.sendEnvelope(
      'slash_commands',
      slashCommandFields({ text: 'drain-store 3', responseUrl, userId: 'U0ONCALL', channelId: 'C0INCIDENT' }),
      { connectionId: connA },
    );
    const request = (await a.slack.waitForResponse((r) => r.url === responseUrl)).body as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const approvalId = request.blocks
      .find((x) => x.type === 'actions')
      ?.elements?.find((e) => e.action_id === APPROVE_ACTION_ID)?.value as string;
    expect(approvalId).toBeDefined();
    const clickUrl = a.slack.newResponseUrl();
    const click = a.slack.sendEnvelope(
      'interactive',
      blockActionsPayload({
        actionId: APPROVE_ACTION_ID,
        value: approvalId,
        userId: 'U0LEAD',
        channelId: 'C0INCIDENT',
        messageTs: REQUEST_TS,
        responseUrl: clickUrl,
        blockId: 'tikv:approval',
      }),
      { connectionId: connB },
    );
    await click.ack;
    expect(flat((await a.slack.waitForResponse((r) => r.url === clickUrl)).body)).toContain(
      'Approved by <@U0LEAD>',
    );
    expect(a.pdWrites().map((r) => r.body)).toEqual(['{"name":"evict-leader-scheduler","store_id":3}']);
  });

  it('one command redelivered to both connections runs once; the other replica names the first', async () => {
    await replicas();
    const responseUrl = a.slack.newResponseUrl();
    const fields = slashCommandFields({
      text: 'transfer-leader 42 4',
      responseUrl,
      userId: 'U0ONCALL',
      channelId: 'C0INCIDENT',
    });
    const acks = await Promise.all(
      [connA, connB].map(
        (connectionId) => a.slack.sendEnvelope('slash_commands', fields, { connectionId }).ack,
      ),
    );
    await a.slack.waitForResponse((r) => r.url === responseUrl);
    const texts = acks.map((ack) => flat(ack.payload));
    expect(texts.filter((t) => t.includes('This request was already received'))).toHaveLength(1);
    expect(a.pdWrites().map((r) => r.body)).toEqual([
      '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
    ]);
  });
});
