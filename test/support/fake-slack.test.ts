import { App, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type BoltHttpEndpoint,
  blockActionsPayload,
  type FakeSlack,
  postInteraction,
  postSlashCommand,
  RESPONSE_URL_FAULT,
  RESPONSE_URL_TTL_MS,
  slashCommandFields,
  startBoltOnEphemeralPort,
  startFakeSlack,
  viewSubmissionPayload,
} from './fake-slack/index.js';

const SIGNING_SECRET = 'test-signing-secret';

function webClient(fake: FakeSlack, options: webApi.WebClientOptions = {}) {
  return new webApi.WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
    ...options,
  });
}

/** Resolves with the rejection of `promise`, failing if it fulfils. */
async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}

describe('fake Slack Web API', () => {
  let fake: FakeSlack;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2026, 0, 1);
    fake = await startFakeSlack({ now: () => clock });
  });
  afterEach(() => fake.close());

  it('records calls with decoded JSON args and the bearer token', async () => {
    const client = webClient(fake);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const first = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks });
    const second = await client.chat.postMessage({ channel: 'C1', text: 'again' });

    expect(first.ts).not.toBe(second.ts);
    const [call] = fake.callsTo('chat.postMessage');
    expect(call).toMatchObject({ method: 'chat.postMessage', token: 'xoxb-test', at: clock, status: 200 });
    expect(call?.args).toMatchObject({ channel: 'C1', text: 'hi', blocks });
    expect(first.message).toMatchObject({ bot_id: 'BBOT', ts: first.ts, blocks });
  });

  it('answers auth.test, unknown methods and membership errors like Slack', async () => {
    const client = webClient(fake);
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      user_id: 'UBOT',
      bot_id: 'BBOT',
      team_id: 'T1',
    });

    const unknown = await rejectionOf(client.apiCall('no.such.method'));
    expect(unknown).toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { error: 'unknown_method' },
    });

    fake.setChannel('C2', { is_member: false });
    fake.setChannel('G1', { is_member: false, is_private: true });
    const publicChannel = await rejectionOf(client.chat.postMessage({ channel: 'C2', text: 'x' }));
    const privateChannel = await rejectionOf(client.chat.postMessage({ channel: 'G1', text: 'x' }));
    expect(publicChannel).toMatchObject({ data: { error: 'not_in_channel' } });
    expect(privateChannel).toMatchObject({ data: { error: 'channel_not_found' } });
    expect((await client.conversations.info({ channel: 'C2' })).channel).toMatchObject({
      id: 'C2',
      is_member: false,
    });

    fake.setUsergroup('S1', ['U1', 'U2']);
    expect((await client.usergroups.users.list({ usergroup: 'S1' })).users).toEqual(['U1', 'U2']);
    expect(await rejectionOf(client.usergroups.users.list({ usergroup: 'S9' }))).toMatchObject({
      data: { error: 'no_such_subteam' },
    });
    expect((await client.users.info({ user: 'U1' })).user).toMatchObject({ id: 'U1', is_bot: false });
  });

  it('hands out views with ids and hashes, and spends trigger ids', async () => {
    const client = webClient(fake);
    const view = {
      type: 'modal' as const,
      callback_id: 'cb',
      title: { type: 'plain_text' as const, text: 'T' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: '1.2.3', view });
    expect(opened.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      hash: expect.any(String),
      callback_id: 'cb',
    });

    const reused = await rejectionOf(client.views.open({ trigger_id: '1.2.3', view }));
    expect(reused).toMatchObject({ data: { error: 'exchanged_trigger_id' } });

    const id = opened.view?.id ?? '';
    const updated = await client.views.update({ view_id: id, hash: opened.view?.hash ?? '', view });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    const stale = await rejectionOf(
      client.views.update({ view_id: id, hash: opened.view?.hash ?? '', view }),
    );
    expect(stale).toMatchObject({ data: { error: 'hash_conflict' } });
  });

  it('injects platform errors, rate limits, HTTP errors and network errors', async () => {
    const client = webClient(fake, { rejectRateLimitedCalls: true });
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    fake.failNext('chat.postMessage', { retryAfter: 7 });
    fake.failNext('chat.postMessage', { status: 503 });
    fake.failNext('chat.postMessage', { networkError: true });
    const post = () => client.chat.postMessage({ channel: 'C1', text: 'x' });

    expect(await rejectionOf(post())).toMatchObject({ code: webApi.ErrorCode.PlatformError });
    expect(await rejectionOf(post())).toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
    expect(await rejectionOf(post())).toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 503 });
    expect(await rejectionOf(post())).toMatchObject({ code: webApi.ErrorCode.RequestError });
    expect((await post()).ok).toBe(true);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 429, 503, 0, 200]);
  });

  it('delays answers and fails response_url posts on request', async () => {
    fake.failNext('users.info', { delayMs: 100 });
    const started = performance.now();
    const answered = webClient(fake).users.info({ user: 'U1' });
    // Recorded on arrival, so the wait resolves while the answer is still held back.
    await fake.waitForCall('users.info');
    expect((await answered).ok).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);

    fake.failNext(RESPONSE_URL_FAULT, { status: 500 });
    const url = fake.newResponseUrl();
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(500);
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(200);
  });

  it('waits for future calls and explains timeouts', async () => {
    const waiting = fake.waitForCall('chat.update', (c) => c.args.ts === '1.1');
    await webClient(fake).chat.update({ channel: 'C1', ts: '1.1', text: 'edited' });
    expect((await waiting).args).toMatchObject({ text: 'edited' });

    const since = fake.calls.length;
    const timeout = await rejectionOf(fake.waitForCall('chat.update', undefined, { since, timeoutMs: 50 }));
    expect(String(timeout)).toMatch(
      /timed out after 50ms waiting for a call to chat.update; recorded: chat.update/,
    );
  });

  it('enforces the response_url budget of 5 uses and 30 minutes', async () => {
    const url = fake.newResponseUrl();
    const post = (text: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
    for (let i = 1; i <= 5; i += 1) expect((await post(`use ${i}`)).status).toBe(200);
    const sixth = await post('use 6');
    expect([sixth.status, await sixth.text()]).toEqual([404, 'used_url']);
    expect(fake.responses.map((r) => r.use)).toEqual([1, 2, 3, 4, 5]);
    expect((await fake.waitForResponse((r) => r.use === 5)).body).toEqual({ text: 'use 5' });

    const fresh = fake.newResponseUrl();
    clock += RESPONSE_URL_TTL_MS + 1;
    const late = await fetch(fresh, { method: 'POST', body: '{}' });
    expect([late.status, await late.text()]).toEqual([404, 'expired_url']);
  });

  it('rejects pending waits when closed', async () => {
    const waiting = rejectionOf(fake.waitForCall('views.open'));
    await fake.close();
    expect(String(await waiting)).toMatch(/closed/);
  });
});

describe('real Bolt app in HTTP mode against the fake', () => {
  let fake: FakeSlack;
  let app: App;
  let bolt: BoltHttpEndpoint;

  beforeAll(async () => {
    // The fake must be up first: the App constructor calls auth.test.
    fake = await startFakeSlack();
    app = new App({
      token: 'xoxb-test',
      signingSecret: SIGNING_SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/tikv', async ({ ack, respond, command }) => {
      await ack();
      await respond({ response_type: 'in_channel', text: `ran ${command.text} for <@${command.user_id}>` });
    });
    app.action('tikv:confirm', async ({ ack, respond, action, body }) => {
      await ack();
      const value = action.type === 'button' ? action.value : '';
      await respond({ replace_original: true, text: `${value} confirmed by <@${body.user.id}>` });
    });
    app.view('tikv:modal', async ({ ack, view }) => {
      const storeId = view.state.values.store?.store_id?.value ?? '';
      if (!/^\d+$/.test(storeId)) {
        await ack({ response_action: 'errors', errors: { store: 'Store id must be a number' } });
        return;
      }
      await ack();
    });
    bolt = await startBoltOnEphemeralPort(app);
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('acks a signed slash command and respond() reaches the response_url', async () => {
    const responseUrl = fake.newResponseUrl();
    const res = await postSlashCommand(
      bolt.baseUrl,
      SIGNING_SECRET,
      slashCommandFields({ text: 'store list', responseUrl }),
    );

    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3000);
    const response = await fake.waitForResponse((r) => r.url === responseUrl);
    expect(response.body).toMatchObject({ response_type: 'in_channel', text: 'ran store list for <@U1>' });
    await fake.waitForCall('auth.test');
  });

  it('rejects a forged signature and a stale timestamp with 401', async () => {
    const responseUrl = fake.newResponseUrl();
    const fields = slashCommandFields({ text: 'store list', responseUrl });
    const forged = await postSlashCommand(bolt.eventsUrl, SIGNING_SECRET, fields, {
      signature: `v0=${'0'.repeat(64)}`,
    });
    const wrongSecret = await postSlashCommand(bolt.eventsUrl, 'not-the-secret', fields);
    const stale = await postSlashCommand(bolt.eventsUrl, SIGNING_SECRET, fields, { ageSeconds: 5 * 60 + 1 });

    expect([forged.status, wrongSecret.status, stale.status]).toEqual([401, 401, 401]);
    expect(fake.responses.filter((r) => r.url === responseUrl)).toEqual([]);
  });

  it('answers 400 when the content type carries a charset, as the reference warns', async () => {
    const fields = slashCommandFields({ text: 'x', responseUrl: fake.newResponseUrl() });
    const res = await postSlashCommand(bolt.baseUrl, SIGNING_SECRET, fields, {
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(res.status).toBe(400);
  });

  it('routes a block_actions payload to app.action', async () => {
    const responseUrl = fake.newResponseUrl();
    const payload = blockActionsPayload({
      actionId: 'tikv:confirm',
      value: 'evict-leader',
      userId: 'U7',
      channelId: 'C1',
      messageTs: '1700000000.000100',
      responseUrl,
    });
    const res = await postInteraction(bolt.baseUrl, SIGNING_SECRET, payload);

    expect([res.status, res.body]).toEqual([200, '']);
    const response = await fake.waitForResponse((r) => r.url === responseUrl);
    expect(response.body).toEqual({ replace_original: true, text: 'evict-leader confirmed by <@U7>' });
  });

  it('returns view_submission response_action errors keyed by block_id in the ack', async () => {
    const submit = (storeId: string) =>
      postInteraction(
        bolt.baseUrl,
        SIGNING_SECRET,
        viewSubmissionPayload({
          callbackId: 'tikv:modal',
          privateMetadata: JSON.stringify({ channel_id: 'C1' }),
          values: { store: { store_id: storeId } },
          userId: 'U1',
        }),
      );
    const invalid = await submit('abc');
    expect(invalid.status).toBe(200);
    expect(invalid.json).toEqual({
      response_action: 'errors',
      errors: { store: 'Store id must be a number' },
    });
    expect(await submit('4')).toMatchObject({ status: 200, body: '' });
  });
});

describe('real Bolt app in Socket Mode against the fake', () => {
  let fake: FakeSlack;
  let app: App;

  beforeAll(async () => {
    fake = await startFakeSlack();
    const clientOptions = { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } };
    // App's built-in Socket Mode receiver has no clientPingTimeout option; a 1 s timeout keeps the
    // reconnect wait (clientPingTimeout × failures) short without risking spurious pong timeouts.
    const receiver = new SocketModeReceiver({
      appToken: 'xapp-test',
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 1000,
      installerOptions: { clientOptions },
    });
    app = new App({ token: 'xoxb-test', receiver, logLevel: LogLevel.ERROR, clientOptions });
    app.command('/tikv', async ({ ack, client, body }) => {
      await ack();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'tikv:modal',
          title: { type: 'plain_text', text: 'TiKV' },
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Running \`${body.text}\`` } }],
        },
      });
    });
    await app.start();
  });

  afterAll(async () => {
    // Bolt first: a socket client whose server vanished would keep reconnecting.
    await app?.stop();
    await fake?.close();
  });

  it('connects with the app token and gets hello', async () => {
    const connection = await fake.waitForSocketConnection();
    expect(connection.open).toBe(true);
    expect(fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual(['xapp-test']);
  });

  it('acks an injected slash_commands envelope, then opens a modal', async () => {
    const fields = slashCommandFields({ text: 'store list', responseUrl: fake.newResponseUrl() });
    const sent = fake.sendEnvelope('slash_commands', fields);

    const ack = await sent.ack;
    expect(ack).toMatchObject({ envelope_id: sent.envelopeId, payload: {} });
    expect(ack.elapsedMs).toBeLessThan(3000);
    const call = await fake.waitForCall('views.open', (c) => c.args.trigger_id === fields.trigger_id);
    expect(call.token).toBe('xoxb-test');
    expect(call.args.view).toMatchObject({ callback_id: 'tikv:modal' });
  });

  it('reconnects after a disconnect message and keeps serving envelopes', async () => {
    fake.disconnectSockets('refresh_requested');
    const second = await fake.waitForSocketConnection((c) => c.id === 2 && c.open);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);

    const fields = slashCommandFields({ text: 'region 1', responseUrl: fake.newResponseUrl() });
    const sent = fake.sendEnvelope('slash_commands', fields);
    expect(sent.connectionId).toBe(second.id);
    expect((await sent.ack).payload).toEqual({});
    await fake.waitForCall('views.open', (c) => c.args.trigger_id === fields.trigger_id);
  });
});
