import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack/index.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the fake’s views.publish', () => {
  let fake: FakeSlack;
  let client: webApi.WebClient;
  beforeEach(async () => {
    fake = await startFakeSlack();
    client = new webApi.WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: webApi.LogLevel.ERROR,
    });
  });
  afterEach(() => fake.close());

  async function refusal(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    try {
      await client.apiCall('views.publish', args);
    } catch (error) {
      return (error as { data: Record<string, unknown> }).data;
    }
    throw new Error('expected views.publish to be refused');
  }

  it('stores a Home view per user, keeping its id across publishes', async () => {
    const first = await client.views.publish({
      user_id: 'U1',
      view: { type: 'home', blocks: [section('a')] },
    });
    const second = await client.views.publish({
      user_id: 'U1',
      view: { type: 'home', blocks: [section('b')] },
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.homeViews.get('U1')).toMatchObject({ blocks: [section('b')] });
  });

  it('accepts 100 blocks and refuses 101, as Slack does for a Home tab', async () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => section(`line ${i}`));
    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: blocks(100) } });
    expect(await refusal({ user_id: 'U1', view: { type: 'home', blocks: blocks(101) } })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
    });
  });

  it('refuses a section over 3,000 characters, a modal, a missing user and a stale hash', async () => {
    expect(
      await refusal({ user_id: 'U1', view: { type: 'home', blocks: [section('x'.repeat(3001))] } }),
    ).toMatchObject({ error: 'invalid_arguments' });
    expect(await refusal({ user_id: 'U1', view: { type: 'modal', blocks: [] } })).toMatchObject({
      error: 'invalid_arguments',
    });
    expect(await refusal({ view: { type: 'home', blocks: [] } })).toMatchObject({
      error: 'invalid_arguments',
    });
    await client.views.publish({ user_id: 'U2', view: { type: 'home', blocks: [] } });
    expect(await refusal({ user_id: 'U2', hash: 'stale', view: { type: 'home', blocks: [] } })).toMatchObject(
      {
        error: 'hash_conflict',
      },
    );
  });
});
