import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/slack/render-approval-request.js';
import type { Harness } from '../support/bot-harness.js';
import { RESPONSE_URL_FAULT } from '../support/fake-slack/index.js';
import { manualClock, postClick, useSafetyHarness } from './safety-harness.js';
import { slash } from './slack-e2e-helpers.js';

/** What a compromised or confused PD (or a proxy in front of it) could answer. */
const HOSTILE =
  'boom <!channel> <!here> <!everyone> <@U123> <!subteam^S1> <https://evil.example|click here> ```\n' +
  'fenced``` and ``` again';

/** Live Slack markup: a ping, a mention, a group ping or a link the bot did not write. */
const LIVE = ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<!subteam^S1>', '<https://evil.example'];

/** Every live token found in anything the bot sent to Slack, with where it was. */
function liveMarkup(h: Harness): string[] {
  const sent = [
    ...h.slack.calls.map((c) => [`${c.method}`, JSON.stringify(c.args)] as const),
    ...h.slack.responses.map((r) => [`response_url use ${r.use}`, JSON.stringify(r.body)] as const),
  ];
  return sent.flatMap(([where, json]) => LIVE.filter((t) => json.includes(t)).map((t) => `${t} in ${where}`));
}

function hostilePd(h: Harness): void {
  h.sim.faults.add({
    method: 'POST',
    path: '/pd/api/v1/operators',
    action: 'status',
    status: 500,
    body: HOSTILE,
  });
}

describe('a hostile PD answer pings nobody and links nowhere, by any delivery route', () => {
  const { start, requestApproval } = useSafetyHarness();

  it('through the response_url', async () => {
    const { h } = await start();
    hostilePd(h);
    const { result } = await slash(h, 'transfer-leader 42 4');
    expect(JSON.stringify((await result()).body)).toContain('evil.example');
    expect(liveMarkup(h)).toEqual([]);
  });

  it('through the plain-text retry when blocks are refused', async () => {
    const { h } = await start();
    hostilePd(h);
    h.slack.failNext(RESPONSE_URL_FAULT, { status: 400 });
    const { responseUrl } = await slash(h, 'transfer-leader 42 4');
    const plain = await h.slack.waitForResponse((r) => r.url === responseUrl);
    expect(plain.body.blocks).toEqual([]);
    expect(liveMarkup(h)).toEqual([]);
  });

  it('through chat.postMessage when the response_url is spent', async () => {
    const { h } = await start();
    hostilePd(h);
    h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, error: 'used_url', times: 2 });
    await slash(h, 'transfer-leader 42 4');
    await h.slack.waitForCall('chat.postMessage');
    expect(liveMarkup(h)).toEqual([]);
  });

  it('through the approval decision posted to the click’s response_url', async () => {
    const { h } = await start();
    hostilePd(h);
    const { approvalId } = await requestApproval('transfer-peer 42 3 1');
    const reply = await (await postClick(h, APPROVE_ACTION_ID, approvalId, 'U0LEAD')).reply();
    expect(JSON.stringify(reply)).toContain('evil.example');
    expect(h.pdWrites()).toHaveLength(1);
    expect(liveMarkup(h)).toEqual([]);
  });

  it('through chat.update when the click’s response_url refuses the decision', async () => {
    const { h } = await start();
    hostilePd(h);
    const { approvalId } = await requestApproval('transfer-peer 42 3 1');
    h.slack.failNext(RESPONSE_URL_FAULT, { status: 404, times: 2 });
    await postClick(h, APPROVE_ACTION_ID, approvalId, 'U0LEAD');
    const update = await h.slack.waitForCall('chat.update');
    expect(JSON.stringify(update.args)).toContain('evil.example');
    expect(liveMarkup(h)).toEqual([]);
  });

  it('through the expiry notice', async () => {
    const clock = manualClock();
    const { h } = await start(clock);
    hostilePd(h);
    const { responseUrl } = await requestApproval('transfer-peer 42 3 1');
    clock.advance(21 * 60_000);
    await h.bot.sweepApprovals();
    await h.slack.waitForResponse((r) => r.url === responseUrl && r.use === 2);
    expect(liveMarkup(h)).toEqual([]);
  });
});
