import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../../src/core/actions/action-registry.js';
import { MAX_ISSUES } from '../../../src/core/commands/input-issue.js';
import { interpretCommand, MAX_COMMAND_LENGTH } from '../../../src/core/commands/interpret-command.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';

const registry = new ActionRegistry(TIKV_ACTIONS);

describe('interpretCommand', () => {
  it.each(['', '   ', 'help', 'HELP', '--help', '?'])('treats %j as a request for help', (text) => {
    expect(interpretCommand(text, registry)).toEqual({ kind: 'help' });
  });

  it('gives help for one action with "help <action>" and "<action> help"', () => {
    const a = interpretCommand('help transfer-leader', registry);
    const b = interpretCommand('transfer-leader help', registry);
    expect(a.kind === 'help' && a.action?.name).toBe('transfer_leader');
    expect(b.kind === 'help' && b.action?.name).toBe('transfer_leader');
  });

  it.each([
    ['transfer-leader 42 4', { region_id: 42, to_store_id: 4 }],
    ['transfer_leader 42 4', { region_id: 42, to_store_id: 4 }],
    ['Transfer-Leader 42 4', { region_id: 42, to_store_id: 4 }],
    ['transfer-leader region_id=42 to_store_id=4', { region_id: 42, to_store_id: 4 }],
    ['transfer-leader to_store_id=4 42', { region_id: 42, to_store_id: 4 }],
    ['transfer-leader to-store-id=4 region-id=42', { region_id: 42, to_store_id: 4 }],
    ['  transfer-leader \u00a0 42\t4  ', { region_id: 42, to_store_id: 4 }],
    ['transfer-leader \u201c42\u201d \u20184\u2019', { region_id: 42, to_store_id: 4 }],
    ['transfer-leader <42> 4', { region_id: 42, to_store_id: 4 }],
    ['transfer-leader 042 +4', { region_id: 42, to_store_id: 4 }],
    ['transfer-peer 7 1 3', { region_id: 7, from_store_id: 1, to_store_id: 3 }],
    ['drain-store 5', { store_id: 5 }],
    ['transfer-leader 9007199254740991 4', { region_id: 9007199254740991, to_store_id: 4 }],
  ])('parses %j', (text, params) => {
    const result = interpretCommand(text, registry);
    expect(result.kind).toBe('ready');
    if (result.kind === 'ready') {
      expect(result.params).toEqual(params);
      expect(result.flags.dryRun).toBe(false);
    }
  });

  it('reads --share anywhere in the arguments, and leaves it unset when absent', () => {
    const shared = interpretCommand('health --share', registry);
    expect(shared.kind === 'ready' && shared.flags.share).toBe(true);
    const plain = interpretCommand('health', registry);
    expect(plain.kind === 'ready' && plain.flags.share).toBeFalsy();
  });

  it('reads --dry-run anywhere in the arguments', () => {
    const result = interpretCommand('transfer-leader --dry-run 42 4', registry);
    expect(result.kind === 'ready' && result.flags.dryRun).toBe(true);
  });

  it.each([
    ['transfer-leader', ['region_id', 'to_store_id'], {}],
    ['transfer-leader 42', ['to_store_id'], { region_id: '42' }],
    ['transfer-leader to_store_id=4', ['region_id'], { to_store_id: '4' }],
    ['transfer-peer 7', ['from_store_id', 'to_store_id'], { region_id: '7' }],
  ])('reports missing arguments of %j so a form can ask for them', (text, missing, provided) => {
    const result = interpretCommand(text, registry);
    expect(result.kind).toBe('incomplete');
    if (result.kind === 'incomplete') {
      expect(result.missing).toEqual(missing);
      expect(result.provided).toEqual(provided);
    }
  });

  it.each([
    [
      'move-leader 42 4',
      undefined,
      'unknown action "move-leader"; known actions: transfer-leader, transfer-peer, drain-store, cancel-operator, undrain-store, health, stores, store, operators, operator, operator-history, schedulers, region, region-key, regions-check, hot',
    ],
    ['transfer-leader abc 4', 'region_id', 'region_id must be a positive integer, got "abc"'],
    ['transfer-leader 4.5 4', 'region_id', 'region_id must be a positive integer, got "4.5"'],
    ['transfer-leader -1 4', 'region_id', 'region_id must be a positive integer, got "-1"'],
    ['transfer-leader 0 4', 'region_id', 'region_id must be a positive integer, got "0"'],
    ['transfer-leader 42 0', 'to_store_id', 'to_store_id must be a positive integer, got "0"'],
    ['transfer-leader 42 four', 'to_store_id', 'to_store_id must be a positive integer, got "four"'],
    [
      'transfer-leader 9007199254740992 4',
      'region_id',
      'region_id must be at most 9007199254740991 (2^53−1), got "9007199254740992"',
    ],
    ['transfer-leader 42 1e3', 'to_store_id', 'to_store_id must be a positive integer, got "1e3"'],
    ['transfer-leader 42 0x10', 'to_store_id', 'to_store_id must be a positive integer, got "0x10"'],
    [
      'transfer-leader 42 4 5',
      undefined,
      'unexpected extra argument "5"; transfer-leader takes 2 (region_id, to_store_id)',
    ],
    [
      'transfer-leader 42 store_id=4',
      undefined,
      'unknown argument "store_id"; transfer-leader takes region_id, to_store_id',
    ],
    ['transfer-leader 42 4 region_id=43', 'region_id', 'region_id is given twice'],
    [
      'transfer-leader 42 4 --force',
      undefined,
      'unknown option "--force" (known: --dry-run, --preview, --share, --cluster NAME, -c NAME)',
    ],
    ['transfer-leader abc', 'region_id', 'region_id must be a positive integer, got "abc"'],
  ])('rejects %j naming the field and what was received', (text, field, message) => {
    const result = interpretCommand(text, registry);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') {
      expect(result.issues[0]?.field).toBe(field);
      expect(result.issues[0]?.message).toBe(message);
    }
  });

  it('keeps mentions and strips link wrapping with a label', () => {
    const result = interpretCommand('transfer-leader <http://42|42> 4', registry);
    expect(result.kind === 'ready' && result.params.region_id).toBe(42);
  });
});

describe('interpretCommand built-ins for permissions', () => {
  it('reads whoami and can <action>', () => {
    expect(interpretCommand('whoami', registry)).toEqual({ kind: 'permissions' });
    const can = interpretCommand('can drain-store', registry);
    expect(can.kind === 'permissions' && can.action?.name).toBe('drain_store');
  });

  it('rejects can with an unknown action', () => {
    const result = interpretCommand('can fly', registry);
    expect(result.kind === 'invalid' && result.issues[0]?.message).toBe(
      'usage: can <action>; known actions: transfer-leader, transfer-peer, drain-store, cancel-operator, undrain-store, health, stores, store, operators, operator, operator-history, schedulers, region, region-key, regions-check, hot',
    );
  });
});

describe('interpretCommand refuses what the channel cannot see', () => {
  const refused = (text: string): string | undefined => {
    const result = interpretCommand(text, registry);
    expect(result.kind).toBe('invalid');
    return result.kind === 'invalid' ? result.issues[0]?.message : undefined;
  };

  it('refuses a zero-width space inside a number instead of splitting it (4\\u200b2 looks like 42)', () => {
    expect(refused('transfer-leader 4\u200b2')).toBe(
      'invisible character U+200B ZERO WIDTH SPACE at position 18: nothing was sent',
    );
    expect(refused('transfer-leader 42\u200b2')).toBe(
      'invisible character U+200B ZERO WIDTH SPACE at position 19: nothing was sent',
    );
  });

  it.each([
    ['\u200c', 'U+200C ZERO WIDTH NON-JOINER'],
    ['\u200d', 'U+200D ZERO WIDTH JOINER'],
    ['\u200e', 'U+200E LEFT-TO-RIGHT MARK'],
    ['\u200f', 'U+200F RIGHT-TO-LEFT MARK'],
    ['\u2060', 'U+2060 WORD JOINER'],
    ['\ufeff', 'U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM)'],
    ['\u00ad', 'U+00AD SOFT HYPHEN'],
    ['\u202a', 'U+202A LEFT-TO-RIGHT EMBEDDING'],
    ['\u202e', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['\u2066', 'U+2066 LEFT-TO-RIGHT ISOLATE'],
    ['\u2069', 'U+2069 POP DIRECTIONAL ISOLATE'],
    ['\ufe0f', 'U+FE0F VARIATION SELECTOR'],
    ['\u{e0100}', 'U+E0100 VARIATION SELECTOR'],
    ['\u{e0041}', 'U+E0041 TAG CHARACTER'],
    ['\u0000', 'U+0000 CONTROL CHARACTER'],
    ['\u001b', 'U+001B CONTROL CHARACTER'],
    ['\u0085', 'U+0085 CONTROL CHARACTER'],
    ['\u034f', 'U+034F COMBINING GRAPHEME JOINER'],
    ['\u3164', 'U+3164 HANGUL FILLER'],
    ['\ud800', 'U+D800 LONE SURROGATE'],
    ['\ue000', 'U+E000 PRIVATE USE CHARACTER'],
  ])('refuses %j wherever it is, naming it and its position', (ch, name) => {
    expect(refused(`transfer-leader 4${ch}2 4`)).toBe(
      `invisible character ${name} at position 18: nothing was sent`,
    );
    expect(refused(`${ch}transfer-leader 42 4`)).toBe(
      `invisible character ${name} at position 1: nothing was sent`,
    );
    expect(refused(`transfer-leader 42 4${ch}`)).toBe(
      `invisible character ${name} at position 21: nothing was sent`,
    );
    expect(refused(`transfer-leader 42${ch} 4`)).toBe(
      `invisible character ${name} at position 19: nothing was sent`,
    );
  });

  it('counts positions in characters, so text after an emoji is still placed right', () => {
    expect(refused('transfer-leader 🚀 4\u200b2')).toBe(
      'invisible character U+200B ZERO WIDTH SPACE at position 20: nothing was sent',
    );
  });

  it.each([
    ['transfer-leader "42 2', '"', '42 2'],
    ["transfer-leader '42 2", "'", '42 2'],
    ['transfer-leader 42 "2', '"', '2'],
    ['transfer-leader region_id="42 to_store_id=2', '"', '42 to_store_id=2'],
    ['transfer-leader “42 2', '"', '42 2'],
  ])('refuses the unbalanced quote in %j', (text, quote, rest) => {
    expect(refused(text)).toBe(
      `unbalanced quote: the ${quote} before "${rest}" is never closed: nothing was sent`,
    );
  });

  it('keeps balanced quotes, including inside name=value', () => {
    const result = interpretCommand('transfer-leader region_id="42" \'4\'', registry);
    expect(result.kind === 'ready' && result.params).toEqual({ region_id: 42, to_store_id: 4 });
  });
});

describe('interpretCommand normalisations that remain', () => {
  it.each([
    ['smart double quotes', 'transfer-leader \u201c42\u201d \u201e4\u2033'],
    ['smart single quotes', 'transfer-leader \u201842\u2019 \u201a4\u2032'],
    ['a no-break space (U+00A0)', 'transfer-leader\u00a042\u00a04'],
    ['a narrow no-break space (U+202F)', 'transfer-leader\u202f42 4'],
    ['an em space (U+2003) and a thin space (U+2009)', 'transfer-leader\u200342\u20094'],
    ['an ideographic space (U+3000)', 'transfer-leader\u300042 4'],
    ['tab, CR and LF', 'transfer-leader\t42\r\n4'],
    ['a line separator (U+2028)', 'transfer-leader\u202842 4'],
    ['stray and doubled spaces', '   transfer-leader    42     4   '],
    ["Slack's phone-number wrapping", 'transfer-leader <tel:42|42> <tel:4|4>'],
    ["Slack's link wrapping with a label", 'transfer-leader <http://42|42> 4'],
    ["Slack's bare link wrapping", 'transfer-leader <42> 4'],
  ])('undoes %s', (_what, text) => {
    const result = interpretCommand(text, registry);
    expect(result.kind).toBe('ready');
    expect(result.kind === 'ready' && result.params).toEqual({ region_id: 42, to_store_id: 4 });
  });
});

describe('interpretCommand bounds its work and its answer', () => {
  it('refuses text over the cap before parsing, naming the length and the cap', () => {
    const text = `transfer-leader 42 4 ${'x '.repeat(20_000)}`;
    const result = interpretCommand(text, registry);
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.issues).toEqual([
      {
        code: 'TOO_LONG',
        message: `the command is ${text.length} characters long; the limit is ${MAX_COMMAND_LENGTH}: nothing was sent`,
      },
    ]);
    expect(result.text.length).toBe(MAX_COMMAND_LENGTH);
  });

  it('accepts a command exactly at the cap', () => {
    const text = `transfer-leader 42 4${' '.repeat(MAX_COMMAND_LENGTH - 20)}`;
    expect(text.length).toBe(MAX_COMMAND_LENGTH);
    expect(interpretCommand(text, registry).kind).toBe('ready');
  });

  it('costs the same for 40,000 characters as for a few thousand', () => {
    const huge = 'transfer-leader '.padEnd(40_000, '1 ');
    const start = performance.now();
    for (let i = 0; i < 100; i++) interpretCommand(huge, registry);
    // One length check each. Parsed in full, each costs ~50 ms here (100 take ~5 s): the limit is
    // far from both, so load cannot flip the result.
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('returns at most five issues and counts the rest', () => {
    const result = interpretCommand(`transfer-leader 42 4 ${'--x '.repeat(12)}`, registry);
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.issues).toHaveLength(MAX_ISSUES + 1);
    expect(result.issues.at(-1)).toEqual({ code: 'MORE_ISSUES', message: 'and 7 more issues' });
  });

  it('names the command as typed in usage errors, never the internal name', () => {
    const result = interpretCommand('transfer-peer 1 2 3 4', registry);
    expect(result.kind === 'invalid' && result.issues[0]?.message).toBe(
      'unexpected extra argument "4"; transfer-peer takes 3 (region_id, from_store_id, to_store_id)',
    );
  });
});
