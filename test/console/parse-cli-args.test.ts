import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, parseCliArgs } from '../../src/console/parse-cli-args.js';

describe('parseCliArgs', () => {
  it('reads exec with the command quoted or spread', () => {
    const expected = {
      kind: 'exec',
      command: 'transfer-leader 42 4',
      pd: 'http://pd-0:2379',
      json: false,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      log: false,
      wait: false,
    };
    expect(parseCliArgs(['exec', 'transfer-leader 42 4', '--pd', 'http://pd-0:2379'])).toEqual(expected);
    expect(parseCliArgs(['exec', '--pd=http://pd-0:2379', 'transfer-leader', '42', '4'])).toEqual(expected);
  });

  it('reads every exec option', () => {
    expect(
      parseCliArgs([
        'exec',
        'drain-store 4',
        '--pd',
        'http://pd:2379',
        '--json',
        '--timeout-ms',
        '500',
        '--dry-run',
        '--wait',
        '--log',
      ]),
    ).toEqual({
      kind: 'exec',
      command: 'drain-store 4 --dry-run',
      pd: 'http://pd:2379',
      json: true,
      timeoutMs: 500,
      log: true,
      wait: true,
    });
  });

  it('reads exec without --pd, leaving the clusters to the environment', () => {
    expect(parseCliArgs(['exec', 'health -c staging'])).toEqual({
      kind: 'exec',
      command: 'health -c staging',
      json: false,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      log: false,
      wait: false,
    });
  });

  it('reads demo and help', () => {
    expect(parseCliArgs(['demo'])).toEqual({ kind: 'demo', log: false });
    expect(parseCliArgs(['demo', '--log'])).toEqual({ kind: 'demo', log: true });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['exec', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'a subcommand is needed'],
    [['deploy'], 'unknown subcommand "deploy"'],
    [['exec', '--pd', 'http://pd:2379'], 'exec needs a command'],
    [['exec', 'transfer-leader 42 4', '--pd', 'pd:2379'], '--pd must be an http:// or https:// URL'],
    [['exec', 'x', '--pd', 'http://pd:2379', '--timeout-ms', '5'], '--timeout-ms must be a whole number'],
    [['exec', 'x', '--pd', 'http://pd:2379', '--timeout-ms', '1e4'], '--timeout-ms must be a whole number'],
    [['exec', 'x', '--pd', 'http://pd:2379', '--force'], "Unknown option '--force'"],
    [['demo', '--pd', 'http://pd:2379'], 'demo does not take --pd'],
  ])('rejects %j', (argv, message) => {
    const result = parseCliArgs(argv);
    expect(result.kind).toBe('usage_error');
    if (result.kind === 'usage_error') expect(result.message).toContain(message);
  });
});
