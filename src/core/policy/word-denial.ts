import { commandName } from '../actions/action-definition.js';
import type { Denial, NearRule, Remedy } from './denial.js';

/** How a front end names the facts in a denial. */
export interface DenialWords {
  readonly user: (id: string) => string;
  readonly channel: (id: string) => string;
  readonly group: (id: string) => string;
  /** Text from the policy file (rule names), made safe for the medium. */
  readonly text: (text: string) => string;
}

/** Plain words for terminals, logs and the audit record: IDs as they are, no markup. */
export const PLAIN_WORDS: DenialWords = {
  user: (id) => id,
  channel: (id) => `channel ${id}`,
  group: (id) => `user group ${id}`,
  text: (text) => text,
};

const where = (w: DenialWords, channelId: string | undefined, cluster?: string): string =>
  `${channelId === undefined ? 'outside a channel' : `in ${w.channel(channelId)}`}${
    cluster === undefined ? '' : ` on cluster ${w.text(cluster)}`
  }`;

/** One sentence, no final full stop: `U0BOB may not run drain-store (high risk) in channel C0X1`. */
export function wordDenial(denial: Denial, w: DenialWords = PLAIN_WORDS): string {
  switch (denial.code) {
    case 'NOT_GRANTED':
      return `${w.user(denial.userId)} may not run ${commandName({ name: denial.action })} (${denial.riskLevel} risk) ${where(w, denial.channelId, denial.cluster)}`;
    case 'NO_APPROVERS':
      return `${commandName({ name: denial.action })} needs approval (${denial.approvalReason}) but the policy names no approvers`;
    case 'GROUP_LOOKUP_FAILED':
      return `could not check your groups, so ${commandName({ name: denial.action })} was not run`;
    case 'OWN_REQUEST':
      return `you asked for this ${commandName({ name: denial.action })}; someone else must approve it`;
    case 'NOT_APPROVER': {
      const { users, groups } = denial.approvers;
      const named = [...users.map(w.user), ...groups.map((g) => `members of ${w.group(g)}`)];
      return named.length === 0
        ? 'the policy names no approvers'
        : `${w.user(denial.userId)} is not an approver; approvers are ${named.join(', ')}`;
    }
    case 'NO_LONGER_ALLOWED':
      return `the policy no longer allows this request: ${wordDenial(denial.because, w)}`;
  }
}

function nearRule(rule: NearRule, action: string, riskLevel: string, w: DenialWords): string {
  const grant =
    rule.grants === 'action'
      ? `grants ${action}`
      : `grants ${riskLevel} risk actions (${action} is ${riskLevel} risk)`;
  const channels = `${
    rule.channels === undefined ? 'in any channel' : `in ${rule.channels.map(w.channel).join(', ')}`
  }${rule.clusters === undefined ? '' : ` on cluster ${rule.clusters.map(w.text).join(', ')}`}`;
  const head = `rule "${w.text(rule.rule)}" ${grant}`;
  return rule.coversUser
    ? `${head} to you only ${channels}; run it there`
    : `${head} ${channels}; you are not in its users or groups`;
}

/**
 * What would allow it. Rule and action names are the policy file's (`transfer_leader`), since this
 * is advice for editing that file.
 */
export function wordRemedy(remedy: Remedy, w: DenialWords = PLAIN_WORDS): string {
  switch (remedy.code) {
    case 'ADD_RULE': {
      const channels =
        (remedy.channelId === undefined ? '' : `, channels: [${remedy.channelId}]`) +
        (remedy.cluster === undefined ? '' : `, clusters: [${remedy.cluster}]`);
      return (
        `no rule grants ${remedy.action}; add a rule to the policy with actions: [${remedy.action}] ` +
        `(or risk: [${remedy.riskLevel}]), users: [${remedy.userId}]${channels}`
      );
    }
    case 'NEAR_RULES':
      return remedy.rules.map((r) => nearRule(r, remedy.action, remedy.riskLevel, w)).join('; or ');
    case 'ADD_APPROVERS':
      return 'add users or groups under approvals.approvers in the policy file';
    case 'RETRY_GROUP_LOOKUP':
      return 'try again in a minute; if it persists, check the bot has the usergroups:read scope';
  }
}

/** The one-line "why" of `whoami` / `can <action>` for one action. */
export function wordPermission(
  permission: {
    readonly allowed: boolean;
    readonly rule?: string;
    readonly approvalReason?: string;
    readonly denial?: Denial;
  },
  w: DenialWords = PLAIN_WORDS,
): string {
  if (!permission.allowed && permission.denial) return wordDenial(permission.denial, w);
  const granted =
    permission.rule === undefined
      ? 'read-only: open to everyone'
      : `granted by rule "${w.text(permission.rule)}"`;
  return permission.approvalReason === undefined
    ? granted
    : `${granted}; needs approval (${permission.approvalReason})`;
}
