import { describe, expect, it } from 'vitest';
import { clampText, codeBlock, escapeMrkdwn, slackDate } from '../../src/slack/mrkdwn.js';

describe('mrkdwn', () => {
  it('escapes only &, < and >', () => {
    expect(escapeMrkdwn(`a & <b> "c" 'd'`)).toBe(`a &amp; &lt;b&gt; "c" 'd'`);
  });

  it('keeps PD bodies verbatim inside a fence, quotes and newline included', () => {
    expect(codeBlock('"The operator is created."\n')).toBe('```"The operator is created."\n```');
  });

  it('defuses backtick fences inside the body', () => {
    expect(codeBlock('a```b')).toBe('```aˋˋˋb```');
  });

  it('truncates long bodies within the limit and says how much is left', () => {
    const raw = 'x'.repeat(5000);
    const block = codeBlock(raw, 1000);
    expect(block.length).toBeLessThanOrEqual(1000 + 60);
    expect(block).toMatch(/… truncated, 4000 more bytes$/);
  });

  it('never splits an escape sequence when truncating', () => {
    const block = codeBlock('<'.repeat(3000), 1000);
    expect(block).not.toMatch(/&l```|&lt```|&```/);
    expect(block).toContain('truncated');
  });

  it('renders dates in the reader time zone with an explicit UTC fallback', () => {
    expect(slackDate(new Date('2026-11-28T18:00:05Z'))).toBe(
      '<!date^1795888805^{date_short_pretty} {time_secs}|2026-11-28 18:00:05 UTC>',
    );
  });
});

describe('clampText', () => {
  it('keeps short text and cuts long text within the limit, saying how much', () => {
    expect(clampText('short', 3000)).toBe('short');
    const cut = clampText('y'.repeat(5000), 3000);
    expect(cut.length).toBeLessThanOrEqual(3000);
    expect(cut).toMatch(/ … \(2060 more characters cut\)$/);
  });
});
