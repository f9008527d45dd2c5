import type { ApprovalStore } from '../approvals/approval-store.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { GroupsOf } from '../policy/look-up-groups.js';
import type { Policy } from '../policy/policy.js';

/**
 * What keeps the bot safe to install: who may run what where, a second person for risky actions,
 * and a record of every decision. These are core's ports; a composition root plugs in the adapters
 * (the YAML policy from src/policy, Slack user groups, src/approvals' store, src/audit's sinks) and
 * the engine only consults them.
 */
export interface Safety {
  /** The policy in force now (a reload takes effect on the next command and on pending approvals). */
  readonly policy: () => Policy;
  /** The user's groups among `candidates`; throws when Slack cannot be asked (never "no groups"). */
  readonly groupsOf: GroupsOf;
  readonly approvals: ApprovalStore;
  readonly audit: AuditSink;
}
