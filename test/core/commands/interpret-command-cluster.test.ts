import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../../src/core/actions/action-registry.js';
import { interpretCommand } from '../../../src/core/commands/interpret-command.js';
import { TIKV_ACTIONS } from '../../../src/subjects/tikv/tikv-actions.js';

const registry = new ActionRegistry(TIKV_ACTIONS);

describe('interpretCommand: --cluster NAME and -c NAME', () => {
  it.each([
    'transfer-leader 42 4 --cluster prod',
    'transfer-leader --cluster prod 42 4',
    '--cluster prod transfer-leader 42 4',
    'transfer-leader 42 4 --cluster=prod',
    'transfer-leader 42 4 -c prod',
    'transfer-leader -C prod 42 4 --dry-run',
    'transfer-leader 42 4 --CLUSTER prod',
  ])('takes the cluster out of %j wherever it stands, leaving the arguments in order', (text) => {
    const result = interpretCommand(text, registry);
    expect(result).toMatchObject({
      kind: 'ready',
      params: { region_id: 42, to_store_id: 4 },
      flags: { cluster: 'prod' },
    });
  });

  it('leaves the cluster unset when none is named', () => {
    const result = interpretCommand('transfer-leader 42 4', registry);
    expect(result.kind === 'ready' && 'cluster' in result.flags).toBe(false);
  });

  it('carries the cluster into a command with missing arguments (the form prefills it)', () => {
    expect(interpretCommand('transfer-leader 42 -c staging', registry)).toMatchObject({
      kind: 'incomplete',
      missing: ['to_store_id'],
      flags: { cluster: 'staging' },
    });
  });

  it('scopes whoami and can to a cluster', () => {
    expect(interpretCommand('whoami -c prod', registry)).toEqual({ kind: 'permissions', cluster: 'prod' });
    expect(interpretCommand('can drain-store --cluster staging', registry)).toMatchObject({
      kind: 'permissions',
      action: { name: 'drain_store' },
      cluster: 'staging',
    });
  });

  it.each([
    ['transfer-leader 42 4 -c', '-c'],
    ['transfer-leader 42 4 --cluster', '--cluster'],
    ['transfer-leader 42 4 --cluster=', '--cluster='],
    ['transfer-leader 42 4 --cluster --dry-run', '--cluster'],
  ])('refuses %j: the option needs a name', (text, received) => {
    expect(interpretCommand(text, registry)).toMatchObject({
      kind: 'invalid',
      issues: [{ code: 'MISSING_OPTION_VALUE', field: 'cluster', received }],
    });
  });

  it('refuses two different clusters in one command rather than pick one', () => {
    expect(interpretCommand('transfer-leader 42 4 -c prod --cluster staging', registry)).toMatchObject({
      kind: 'invalid',
      issues: [{ code: 'DUPLICATE_ARGUMENT', field: 'cluster' }],
    });
    // The same one twice is harmless.
    expect(interpretCommand('transfer-leader 42 4 -c prod --cluster prod', registry)).toMatchObject({
      kind: 'ready',
      flags: { cluster: 'prod' },
    });
  });
});
