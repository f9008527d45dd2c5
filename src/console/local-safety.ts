import type { Logger } from 'pino';
import { InMemoryApprovalStore } from '../approvals/in-memory-approval-store.js';
import { openAuditSink } from '../audit/open-audit-sink.js';
import type { Clock } from '../core/engine/engine.js';
import type { Safety } from '../core/engine/safety.js';
import { demoPolicy } from '../policy/demo-policy.js';
import { PolicyFileError } from '../policy/policy-file-error.js';
import type { Policy } from '../policy/policy-schema.js';
import { readPolicySetting } from '../policy/read-policy-setting.js';

export interface LocalSafetyOptions {
  readonly user: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly actionNames: readonly string[];
  /** The clusters' names, which a policy rule's `clusters` must use. */
  readonly clusterNames?: readonly string[];
  /** POLICY_FILE; without it the person at the terminal is granted everything (and is told so). */
  readonly policyFile?: string;
  /** AUDIT_FILE; records always go to the log as well. */
  readonly auditFile?: string;
}

export interface LocalSafety {
  readonly safety: Safety;
  /** One line for the banner or stderr: which policy is in force. */
  readonly description: string;
  close(): Promise<void>;
}

export { PolicyFileError };

/**
 * Policy and audit for the console front ends. Whoever has this terminal could run pd-ctl, so the
 * default grants them every action; a POLICY_FILE applies the same rules as in Slack.
 */
export async function openLocalSafety(options: LocalSafetyOptions): Promise<LocalSafety> {
  const policy = await localPolicy(options);
  const audit = await openAuditSink({
    logger: options.logger,
    ...(options.auditFile !== undefined && { auditFile: options.auditFile }),
  });
  const description =
    options.policyFile !== undefined
      ? `policy ${options.policyFile}${policy.description ? ` (${policy.description})` : ''}`
      : (policy.description ?? 'demo policy');
  return {
    safety: {
      policy: () => policy,
      // The console has no Slack user groups; policies granting by group do not apply here.
      groupsOf: async () => [],
      approvals: new InMemoryApprovalStore({ clock: options.clock }),
      audit,
    },
    description,
    close: () => audit.close(),
  };
}

/** Told whenever POLICY_FILE cannot be used: nothing runs, rather than running under the demo policy. */
const REFUSAL =
  'Nothing was run: with POLICY_FILE set, only that policy applies (the demo policy, which grants ' +
  'every action, is used only when POLICY_FILE is unset).';

/**
 * The policy in force at this terminal. A POLICY_FILE that is set but empty, unreadable or invalid
 * is an error, never a reason to fall back to the demo policy: that policy grants everything.
 */
async function localPolicy(options: LocalSafetyOptions): Promise<Policy> {
  const policy = await readPolicySetting({
    policyFile: options.policyFile,
    actionNames: options.actionNames,
    ...(options.clusterNames !== undefined && { clusterNames: options.clusterNames }),
    consequence: REFUSAL,
  });
  return policy ?? demoPolicy(options.user);
}
