import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type FakeSlack, postSignedBody, slashCommandFields, startFakeSlack } from './fake-slack/index.js';
import { ackLimitError, checkMessage, checkView } from './fake-slack/slack-limits.js';

function webClient(fake: FakeSlack) {
  return new webApi.WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, confirmText = 'sure?') => ({
  type: 'button',
  action_id: 'a',
  text: { type: 'plain_text', text },
  confirm: {
    title: { type: 'plain_text', text: 'Run?' },
    text: { type: 'mrkdwn', text: confirmText },
    confirm: { type: 'plain_text', text: 'Run' },
    deny: { type: 'plain_text', text: 'Cancel' },
  },
});

describe('the fake checks messages against Slack limits', () => {
  it('accepts a message at every limit', () => {
    expect(
      checkMessage({
        text: 'x'.repeat(40_000),
        blocks: [
          section('s'.repeat(3000)),
          {
            type: 'context',
            elements: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'c' })),
          },
          { type: 'actions', elements: [button('b'.repeat(75), 'c'.repeat(300))] },
          ...Array.from({ length: 47 }, () => ({ type: 'divider' })),
        ],
      }),
    ).toBeUndefined();
    const fields = Array.from({ length: 10 }, (_, i) => ({
      type: 'mrkdwn',
      text: 'f'.repeat(i === 0 ? 2000 : 1000),
    }));
    expect(checkMessage({ text: 't', blocks: [{ type: 'section', fields }] })).toBeUndefined();
  });

  it.each([
    ['51 blocks', { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, '/blocks'],
    ['section text of 3,001', { blocks: [section('s'.repeat(3001))] }, '/blocks/0/text/text'],
    ['empty section text', { blocks: [section('')] }, '/blocks/0/text/text'],
    [
      '11 fields',
      {
        blocks: [
          { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        ],
      },
      '/blocks/0/fields',
    ],
    [
      'a field of 2,001',
      { blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }] },
      '/blocks/0/fields/0/text',
    ],
    [
      '11 context elements',
      {
        blocks: [
          { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        ],
      },
      '/blocks/0/elements',
    ],
    [
      'button text of 76',
      { blocks: [{ type: 'actions', elements: [button('b'.repeat(76))] }] },
      '/blocks/0/elements/0/text/text',
    ],
    [
      'confirm text of 301',
      { blocks: [{ type: 'actions', elements: [button('b', 'c'.repeat(301))] }] },
      '/blocks/0/elements/0/confirm/text/text',
    ],
    [
      'a plain_text option of 76',
      {
        blocks: [
          {
            type: 'actions',
            elements: [
              {
                type: 'static_select',
                action_id: 's',
                options: [{ text: { type: 'plain_text', text: 'o'.repeat(76) }, value: 'v' }],
              },
            ],
          },
        ],
      },
      '/blocks/0/elements/0/options/0/text/text',
    ],
  ])('refuses %s with invalid_blocks naming the place', (_name, message, pointer) => {
    const violation = checkMessage(message);
    expect(violation?.error).toBe('invalid_blocks');
    expect(violation?.messages.join('\n')).toContain(`[json-pointer:${pointer}]`);
  });

  it('refuses blocks that are each within limits but hold over 13,000 characters in all', () => {
    const blocks = Array.from({ length: 5 }, () => section('s'.repeat(2800)));
    expect(checkMessage({ text: 't', blocks })).toEqual({ error: 'msg_blocks_too_long', messages: [] });
    expect(checkMessage({ text: 't', blocks: blocks.slice(0, 4) })).toBeUndefined();
  });

  it('refuses top-level text over 40,000 characters with msg_too_long', () => {
    expect(checkMessage({ text: 'x'.repeat(40_001) })).toEqual({ error: 'msg_too_long', messages: [] });
  });

  it('refuses a modal title over 24 characters and a view over 250 kB', () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 't'.repeat(25) }, blocks: [] };
    expect(checkView(view)?.messages.join()).toContain('[json-pointer:/view/title/text]');
    const huge = {
      type: 'modal',
      title: { type: 'plain_text', text: 't' },
      blocks: [section('x'.repeat(260_000))],
    };
    expect(checkView(huge)?.error).toBe('view_too_large');
  });
});

describe('the fake refuses over-limit calls like Slack', () => {
  let fake: FakeSlack;

  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(() => fake.close());

  it('answers msg_too_long and invalid_blocks on chat.postMessage, chat.postEphemeral and chat.update', async () => {
    const client = webClient(fake);
    const tooLong = await rejectionOf(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) }));
    expect(tooLong).toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { error: 'msg_too_long' } });

    const blocks = [section('s'.repeat(3001))];
    const ephemeral = await rejectionOf(
      client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 't', blocks }),
    );
    expect(ephemeral).toMatchObject({
      data: {
        error: 'invalid_blocks',
        response_metadata: {
          messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
        },
      },
    });
    const update = await rejectionOf(client.chat.update({ channel: 'C1', ts: '1.1', text: 't', blocks }));
    expect(update).toMatchObject({ data: { error: 'invalid_blocks' } });
    expect((await client.chat.postMessage({ channel: 'C1', text: 'fine', blocks: [section('ok')] })).ok).toBe(
      true,
    );
  });

  it('refuses an over-limit view on views.open and views.update', async () => {
    const client = webClient(fake);
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'a title longer than 24 chars' },
      blocks: [],
    };
    expect(await rejectionOf(client.views.open({ trigger_id: '1.1.1', view }))).toMatchObject({
      data: { error: 'invalid_arguments' },
    });
    expect(await rejectionOf(client.views.update({ view_id: 'V1', view }))).toMatchObject({
      data: { error: 'invalid_arguments' },
    });
  });

  it('answers 413 to a Web API body over 1 MB, and records the call', async () => {
    const refused = await rejectionOf(
      webClient(fake).chat.postMessage({ channel: 'C1', text: 'x'.repeat(1_100_000) }),
    );
    expect(refused).toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 413 });
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([413]);
  });

  it('refuses an over-limit response_url post without spending the URL, and 413s a huge one', async () => {
    const url = fake.newResponseUrl();
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const blocks = await post({ text: 't', blocks: [section('s'.repeat(3001))] });
    expect([blocks.status, await blocks.text()]).toEqual([400, 'invalid_blocks']);
    const long = await post({ text: 'x'.repeat(40_001) });
    expect([long.status, await long.text()]).toEqual([400, 'msg_too_long']);
    const huge = await post({ text: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(fake.responses).toEqual([]);
    expect((await post({ text: 'fits' })).status).toBe(200);
    expect(fake.responses.map((r) => r.use)).toEqual([1]);
  });
});

describe('ack checks', () => {
  it("check a view_submission ack's view like views.update", () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: 't'.repeat(25) }, blocks: [] };
    expect(ackLimitError({ response_action: 'update', view })).toMatch(
      /invalid_arguments.*\/view\/title\/text/,
    );
    expect(ackLimitError({ response_action: 'errors', errors: { a: 'b' } })).toBeUndefined();
    expect(ackLimitError({})).toBeUndefined();
  });
});

describe('over-limit acks fail the test', () => {
  let server: Server | undefined;
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await fake?.close();
    server = undefined;
    fake = undefined;
  });

  it('throws when an HTTP ack carries more text than Slack takes', async () => {
    const answer = { response_type: 'ephemeral', text: 'x'.repeat(40_001) };
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    await expect(postSignedBody(url, 'secret', 'a=b')).rejects.toThrow(
      /ack breaks Slack's limits \(msg_too_long\)/,
    );
  });

  it('rejects a Socket Mode envelope whose ack breaks a block limit', async () => {
    fake = await startFakeSlack();
    const opened = await new webApi.WebClient('xapp-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    }).apps.connections.open();
    const ws = new WebSocket(String(opened.url));
    ws.on('message', (data) => {
      const envelope = JSON.parse(String(data)) as { envelope_id?: string };
      if (envelope.envelope_id === undefined) return;
      ws.send(
        JSON.stringify({
          envelope_id: envelope.envelope_id,
          payload: { text: 't', blocks: [section('s'.repeat(3001))] },
        }),
      );
    });
    await fake.waitForSocketConnection();
    const sent = fake.sendEnvelope(
      'slash_commands',
      slashCommandFields({ text: 'x', responseUrl: fake.newResponseUrl() }),
    );
    await expect(sent.ack).rejects.toThrow(/invalid_blocks.*\/blocks\/0\/text\/text/);
    expect(fake.acks[0]?.limitError).toMatch(/invalid_blocks/);
    ws.close();
  });
});
