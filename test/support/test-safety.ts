import { InMemoryApprovalStore } from '../../src/approvals/in-memory-approval-store.js';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';
import type { Safety } from '../../src/core/engine/safety.js';
import { demoPolicy } from '../../src/policy/demo-policy.js';
import type { Policy } from '../../src/policy/policy-schema.js';

/** A Safety for tests: the given policy (default: everything granted to `user`), audit kept in memory. */
export function testSafety(
  options: { user?: string; policy?: Policy; groups?: Record<string, string[]> } = {},
) {
  const records: AuditRecord[] = [];
  const policy = options.policy ?? demoPolicy(options.user ?? 'U0ONCALL');
  const safety: Safety = {
    policy: () => policy,
    groupsOf: async (userId, candidates) =>
      (options.groups?.[userId] ?? []).filter((g) => candidates.includes(g)),
    approvals: new InMemoryApprovalStore(),
    audit: {
      record: async (r) => {
        records.push(r);
      },
    },
  };
  return { safety, records };
}
