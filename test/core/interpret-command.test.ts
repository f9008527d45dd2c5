import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/core/action-registry.js';
import { interpretCommand } from '../../src/core/interpret-command.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';

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
    ['transfer-leader 42 4', { region_id: 42, to_store_id: '4' }],
    ['transfer_leader 42 4', { region_id: 42, to_store_id: '4' }],
    ['Transfer-Leader 42 4', { region_id: 42, to_store_id: '4' }],
    ['transfer-leader region_id=42 to_store_id=4', { region_id: 42, to_store_id: '4' }],
    ['transfer-leader to_store_id=4 42', { region_id: 42, to_store_id: '4' }],
    ['transfer-leader to-store-id=4 region-id=42', { region_id: 42, to_store_id: '4' }],
    ['  transfer-leader \u00a0 42\t4  ', { region_id: 42, to_store_id: '4' }],
    ['transfer-leader \u201c42\u201d \u20184\u2019', { region_id: 42, to_store_id: '4' }],
    ['transfer-leader <42> 4', { region_id: 42, to_store_id: '4' }],
    ['transfer-leader 042 +4', { region_id: 42, to_store_id: '4' }],
    ['transfer-peer 7 1 3', { region_id: 7, from_store_id: '1', to_store_id: '3' }],
    ['drain-store 5', { store_id: '5' }],
    ['transfer-leader 9007199254740991 4', { region_id: 9007199254740991, to_store_id: '4' }],
  ])('parses %j', (text, params) => {
    const result = interpretCommand(text, registry);
    expect(result.kind).toBe('ready');
    if (result.kind === 'ready') {
      expect(result.params).toEqual(params);
      expect(result.flags.dryRun).toBe(false);
    }
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
      'unknown action "move-leader"; known actions: transfer-leader, transfer-peer, drain-store',
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
      'unexpected extra argument "5"; transfer_leader takes 2 (region_id, to_store_id)',
    ],
    [
      'transfer-leader 42 store_id=4',
      undefined,
      'unknown argument "store_id"; transfer_leader takes region_id, to_store_id',
    ],
    ['transfer-leader 42 4 region_id=43', 'region_id', 'region_id is given twice'],
    ['transfer-leader 42 4 --force', undefined, 'unknown option "--force" (known: --dry-run, --preview)'],
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
      'usage: can <action>; known actions: transfer-leader, transfer-peer, drain-store',
    );
  });
});
