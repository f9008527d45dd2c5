import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyFileError } from '../../src/policy/policy-file-error.js';
import { readPolicySetting } from '../../src/policy/read-policy-setting.js';

const actionNames = ['transfer_leader'];

describe('readPolicySetting (POLICY_FILE, for the bot and the console alike)', () => {
  it('leaves the default to the caller when POLICY_FILE is unset', async () => {
    expect(await readPolicySetting({ policyFile: undefined, actionNames })).toBeUndefined();
  });

  it('refuses a POLICY_FILE that is set but empty, adding what was not done', async () => {
    const failure = await readPolicySetting({
      policyFile: ' ',
      actionNames,
      consequence: 'Nothing was run.',
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PolicyFileError);
    expect((failure as PolicyFileError).code).toBe('POLICY_INVALID');
    expect((failure as Error).message).toBe('POLICY_FILE is set but empty. Nothing was run.');
  });

  it('refuses an invalid file with every problem and the same heading everywhere', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-'));
    const file = join(dir, 'policy.yaml');
    await writeFile(file, 'version: 1\nrules:\n  - users: [U0ALICE]\n    actions: [split_region]\n');
    const failure = await readPolicySetting({ policyFile: file, actionNames }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PolicyFileError);
    expect((failure as Error).message).toContain(
      'tikv-chatops cannot start; fix the policy file (POLICY_FILE):',
    );
    expect((failure as Error).message).toContain('unknown action "split_region"');
  });

  it('returns the policy of a valid file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-'));
    const file = join(dir, 'policy.yaml');
    await writeFile(
      file,
      'version: 1\nrules:\n  - name: ops\n    users: [U0ALICE]\n    actions: [transfer_leader]\n',
    );
    expect((await readPolicySetting({ policyFile: file, actionNames }))?.rules).toHaveLength(1);
  });
});
