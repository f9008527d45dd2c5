import { describe, expect, it } from 'vitest';
import {
  clampText,
  codeBlock,
  escapeMrkdwn,
  foreignText,
  foreignValue,
  groupMention,
  mrkdwnToPlain,
  slackDate,
  userMention,
} from '../../src/slack/mrkdwn.js';
import { clampTopLevelText } from '../../src/slack/slack-message.js';

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

describe('foreignText', () => {
  it('puts text the bot did not write in an inert code span', () => {
    expect(foreignText('<!channel> hi <@U1> <https://x.example|y> & `z`')).toBe(
      '`&lt;!channel&gt; hi &lt;@U1&gt; &lt;https://x.example|y&gt; &amp; ˋzˋ`',
    );
  });

  it('flattens newlines, which would end a code span, and cuts to the limit', () => {
    expect(foreignText('a\nb\r\nc')).toBe('`a ↵ b ↵ c`');
    expect(foreignText('x'.repeat(50), 10)).toBe(`\`${'x'.repeat(9)}…\``);
  });

  it('shows empty text as such rather than as two stray backticks', () => {
    expect(foreignText('')).toBe('`(empty)`');
    expect(foreignText('  ')).toBe('`(empty)`');
  });

  it('shows plain ids as they are and anything else as code', () => {
    expect(foreignValue('42')).toBe('42');
    expect(foreignValue('https://evil.example')).toBe('`https://evil.example`');
  });
});

describe('mentions the bot writes', () => {
  it('links well-formed ids and shows anything else inert', () => {
    expect(userMention('U0LEAD')).toBe('<@U0LEAD>');
    expect(userMention('U1> <!channel')).toBe('`U1&gt; &lt;!channel`');
    expect(groupMention('S0LEADS')).toBe('<!subteam^S0LEADS>');
    expect(groupMention('S1>|<!here')).toBe('`S1&gt;|&lt;!here`');
  });
});

describe('mrkdwnToPlain', () => {
  it('turns code spans into quotes and drops emphasis marks, leaving snake_case alone', () => {
    expect(mrkdwnToPlain('ID of the region, as in `pd-ctl region <id>`')).toBe(
      'ID of the region, as in "pd-ctl region <id>"',
    );
    expect(mrkdwnToPlain('*must* be _Up_, see to_store_id')).toBe('must be Up, see to_store_id');
  });
});

describe('escapeMrkdwn', () => {
  it('defuses a fence in prose, which would swallow the rest of the text', () => {
    expect(escapeMrkdwn('a ```b``` c')).toBe('a ˋˋˋbˋˋˋ c');
  });
});

describe('clampTopLevelText', () => {
  it('keeps text within 3,000 characters, naming the correlation id', () => {
    expect(clampTopLevelText('short', 'c1')).toBe('short');
    const cut = clampTopLevelText('t'.repeat(10_000), 'c0ffee');
    expect(cut.length).toBeLessThanOrEqual(3000);
    expect(cut).toMatch(/ … \(\d+ more characters cut; correlation id c0ffee\)$/);
    expect(clampTopLevelText('t'.repeat(10_000)).length).toBeLessThanOrEqual(3000);
  });
});
