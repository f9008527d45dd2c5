import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flat, slash } from './slack/slack-e2e-helpers.js';
import { GRANT_ONCALL_POLICY, type Harness, startHarness } from './support/bot-harness.js';
import { KubeletConfigMapMount } from './support/kubelet-config-map-mount.js';
import { ManualClock } from './support/manual-clock.js';

/** Two rules (the first policy has one), so its "policy loaded" line is told apart; U0ONCALL is gone. */
const GRANT_OTHERS_POLICY = `version: 1
rules:
  - name: others
    users: [U0OTHER]
    risk: [low, medium, high]
  - name: leads
    users: [U0LEAD]
    risk: [low, medium, high]
`;

describe('the bot reloads its policy when the mounted ConfigMap changes', () => {
  let dir: string | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('applies a new policy from a kubelet-style swap to the next command, and keeps it when the next swap is broken', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tikv-configmap-'));
    const mount = await KubeletConfigMapMount.create(dir, { 'policy.yaml': GRANT_ONCALL_POLICY });
    h = await startHarness({
      mode: 'http',
      policyFile: join(dir, 'policy.yaml'),
      policyWatch: { debounceMs: 20 },
    });
    const allowed = await (await slash(h, 'transfer-leader 42 4')).result();
    expect(flat(allowed.body)).toContain('The operator is created.');

    await mount.update({ 'policy.yaml': GRANT_OTHERS_POLICY });
    await h.logs.waitFor((l) => l.decision === 'policy_file_changed' && l.trigger === 'watch');
    await h.logs.waitFor((l) => l.decision === 'policy' && l.rules === 2);
    const denied = await (await slash(h, 'transfer-leader 42 5')).result();
    expect(flat(denied.body)).toContain('U0ONCALL> may not run transfer-leader');

    // A broken edit is refused, as on SIGHUP: the policy in force (U0OTHER's) stays.
    await mount.update({ 'policy.yaml': 'version: 2\n' });
    const refused = await h.logs.waitFor((l) => l.decision === 'policy_reload_failed');
    expect(refused.problems).toContain('policy.yaml:1:');
    const stillAllowed = await (await slash(h, 'transfer-leader 42 5', { userId: 'U0OTHER' })).result();
    // Allowed: the request reached PD (whatever PD then answered about store 5).
    expect(flat(stillAllowed.body)).not.toContain('may not run');
    expect(h.pdWrites()).toHaveLength(2);
  });

  it('stops watching the policy file when it shuts down', async () => {
    const timers = new ManualClock();
    let watching = false;
    h = await startHarness({
      mode: 'http',
      policyWatch: {
        timers,
        watchDirectory: () => {
          watching = true;
          return {
            close() {
              watching = false;
            },
          };
        },
      },
    });
    expect(watching).toBe(true);
    expect(timers.pending).toBe(1);
    await h.bot.stop();
    expect(watching).toBe(false);
    // The periodic check is cancelled too: nothing keeps reading the file after the drain.
    expect(timers.pending).toBe(0);
  });
});
