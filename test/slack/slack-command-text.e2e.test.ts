import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { flat, slash } from './slack-e2e-helpers.js';

/** What the parser refuses reaches the user through the ordinary invalid-input reply. */
describe('/tikv command text the channel could misread, through the real Bolt app', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'http' });
  });
  afterEach(async () => {
    await h.close();
  });

  it.each([
    ['transfer-leader 4\u200b2', 'invisible character U+200B ZERO WIDTH SPACE at position 18'],
    ['transfer-leader 42\u200b2 4', 'invisible character U+200B ZERO WIDTH SPACE at position 19'],
    ['transfer-leader 42 \u202e4', 'invisible character U+202E RIGHT-TO-LEFT OVERRIDE at position 20'],
    ['transfer-leader "42 2', 'unbalanced quote'],
  ])('refuses %j privately, naming the problem, and sends PD nothing', async (text, message) => {
    const { ack } = await slash(h, text);
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(ack.json)).toContain(message);
    expect(h.sim.requests).toEqual([]);
    expect(h.slack.responses).toEqual([]);
    expect(h.logs.find((l) => l.decision === 'invalid_input')).toHaveLength(1);
  });

  it('echoes the refused command with its invisible character shown, not hidden', async () => {
    const { ack } = await slash(h, 'transfer-leader 4\u200b2');
    expect(flat(ack.json)).toContain('/tikv transfer-leader 4⟨U+200B⟩2');
    expect(flat(ack.json)).not.toContain('4\u200b2');
  });

  it('refuses a 40,000-character command by its length, with a short reply', async () => {
    const text = `transfer-leader 42 4 ${'9 '.repeat(20_000)}`;
    const { ack } = await slash(h, text);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(flat(ack.json)).toContain(`the command is ${text.length} characters long; the limit is 1000`);
    expect(flat(ack.json).length).toBeLessThan(6000);
    expect(h.sim.requests).toEqual([]);
  });
});
