import { describe, expect, it } from 'vitest';
import { NO_METRICS } from '../../src/core/metrics/metrics.js';
import { countingFetch } from '../../src/slack/counting-fetch.js';

function answering(status: number, body: string) {
  return async () => new Response(body, { status, headers: { 'content-type': 'application/json' } });
}

describe('countingFetch', () => {
  const calls: [string, boolean][] = [];
  const metrics = { ...NO_METRICS, slackApiCall: (method: string, ok: boolean) => calls.push([method, ok]) };

  it('counts each call by method and whether Slack said ok, and hands the same answer on', async () => {
    calls.length = 0;
    const ok = await countingFetch(
      metrics,
      answering(200, '{"ok":true,"ts":"1.2"}'),
    )('https://slack.com/api/chat.postMessage');
    expect(await ok.json()).toEqual({ ok: true, ts: '1.2' });
    const refused = await countingFetch(
      metrics,
      answering(200, '{"ok":false,"error":"channel_not_found"}'),
    )('https://slack.com/api/chat.update');
    expect(await refused.text()).toBe('{"ok":false,"error":"channel_not_found"}');
    await countingFetch(
      metrics,
      answering(429, '{"ok":false,"error":"ratelimited"}'),
    )('https://slack.com/api/chat.update');
    await countingFetch(
      metrics,
      answering(502, '<html>bad gateway</html>'),
    )('https://slack.com/api/views.open');
    expect(calls).toEqual([
      ['chat.postMessage', true],
      ['chat.update', false],
      ['chat.update', false],
      ['views.open', false],
    ]);
  });

  it("counts Bolt's respond() posts (any URL outside /api/) as response_url, ok on 2xx", async () => {
    calls.length = 0;
    await countingFetch(metrics, answering(200, 'ok'))('https://hooks.slack.com/commands/T1/123/abc');
    await countingFetch(metrics, answering(404, 'expired_url'))('https://hooks.slack.com/actions/T1/456/def');
    expect(calls).toEqual([
      ['response_url', true],
      ['response_url', false],
    ]);
  });

  it('counts a call that got no answer as an error, and rethrows', async () => {
    calls.length = 0;
    const failing = countingFetch(metrics, () => Promise.reject(new TypeError('fetch failed')));
    await expect(failing('https://slack.com/api/usergroups.users.list')).rejects.toThrow('fetch failed');
    expect(calls).toEqual([['usergroups.users.list', false]]);
  });
});
