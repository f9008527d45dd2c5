import type { types } from '@slack/bolt';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type DeliveryRoute, deliverMessage } from '../../src/slack/deliver-message.js';
import type { ResponseUrlMessage } from '../../src/slack/slack-deps.js';
import { checkMessage } from '../support/fake-slack/slack-limits.js';
import { LogCapture } from '../support/log-capture.js';

/** What no renderer should produce, but an unbounded one could: every limit broken at once. */
function oversized(): ResponseUrlMessage {
  const section = (n: number): types.KnownBlock => ({
    type: 'section',
    text: { type: 'mrkdwn', text: `block ${n} ${'x'.repeat(5000)}` },
    fields: Array.from({ length: 14 }, (_, i) => ({
      type: 'mrkdwn',
      text: `field ${i} ${'y'.repeat(2500)}`,
    })),
  });
  return {
    response_type: 'in_channel',
    replace_original: true,
    text: `PD said ${'z'.repeat(100_000)}`,
    blocks: Array.from({ length: 70 }, (_, i) => section(i)),
  };
}

describe('deliverMessage', () => {
  it('hands every route a message within Slack limits, whatever it was given', async () => {
    const sent: { route: string; message: ResponseUrlMessage }[] = [];
    const route = (name: DeliveryRoute['name'], fail: boolean): DeliveryRoute => ({
      name,
      send: async (message) => {
        sent.push({ route: name, message });
        if (fail) throw new Error(`${name} refused`);
        return undefined;
      },
    });
    const logs = new LogCapture();
    const delivery = await deliverMessage(
      { logger: pino(logs) },
      [route('response_url', true), route('chat.postMessage', false)],
      oversized(),
      { channelId: 'C0INCIDENT', userId: 'U0ONCALL', correlationId: 'corr0042' },
    );
    expect(delivery).toEqual({ ok: true, route: 'chat.postMessage' });
    expect(sent.map((s) => s.route)).toEqual(['response_url', 'chat.postMessage']);
    for (const { message } of sent) {
      expect(checkMessage(message)).toBeUndefined();
      expect(message.text.length).toBeLessThanOrEqual(3000);
      expect(message.text).toMatch(/correlation id corr0042\)$/);
      expect(message).toMatchObject({ response_type: 'in_channel', replace_original: true });
    }
  });
});
