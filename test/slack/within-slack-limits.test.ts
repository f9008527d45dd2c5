import { describe, expect, it } from 'vitest';
import { withinSlackLimits } from '../../src/slack/within-slack-limits.js';
import { checkMessage } from '../support/fake-slack/slack-limits.js';

describe('withinSlackLimits', () => {
  it('clamps an ack that has text only, keeping its other fields and adding no blocks', () => {
    const fitted = withinSlackLimits({ response_type: 'ephemeral', text: 'a'.repeat(50_000) }, 'corr1');
    expect(fitted.response_type).toBe('ephemeral');
    expect(fitted.text.length).toBeLessThanOrEqual(3000);
    expect(fitted.text).toMatch(/correlation id corr1\)$/);
    expect('blocks' in fitted).toBe(false);
  });

  it('leaves a body without a message alone (form errors, an empty ack)', () => {
    const errors: { text?: string; response_action: string; errors: Record<string, string> } = {
      response_action: 'errors',
      errors: { param: 'bad' },
    };
    expect(withinSlackLimits(errors)).toBe(errors);
  });

  it('fits blocks, and changes nothing on a message already within the limits', () => {
    const big = {
      text: 'help',
      blocks: Array.from({ length: 80 }, () => ({
        type: 'section' as const,
        text: { type: 'mrkdwn' as const, text: 'w'.repeat(4000) },
      })),
    };
    const fitted = withinSlackLimits(big);
    expect(checkMessage(fitted)).toBeUndefined();
    expect(withinSlackLimits(fitted)).toEqual(fitted);
  });
});
