import { type ActionDefinition, commandName } from '../core/actions/action-definition.js';
import type { Target } from '../core/engine/outcome.js';
import { describePermissions, groupsReferenced } from '../core/policy/evaluate-policy.js';
import { wordPermission, wordRemedy } from '../core/policy/word-denial.js';
import { clusterLabel } from './cluster-label.js';
import { fitSlackLimits } from './fit-slack-limits.js';
import { section } from './message-blocks.js';
import { escapeMrkdwn, foreignText, userMention } from './mrkdwn.js';
import { SLACK_DENIAL_WORDS } from './slack-denial-words.js';
import type { SlackDeps } from './slack-deps.js';
import type { SlackMessage } from './slack-message.js';

/** `/tikv whoami` and `/tikv can <action>`: what the caller may run in this channel, and why. */
export async function renderPermissionsFor(
  deps: SlackDeps,
  userId: string,
  channelId: string,
  only?: ActionDefinition,
  /** The cluster the answer is for; undefined when none could be chosen (several, no default). */
  cluster?: Pick<Target, 'cluster' | 'production'>,
): Promise<SlackMessage> {
  const { engine } = deps;
  const policy = engine.policy();
  let groupIds: string[] = [];
  let groupNote = '';
  try {
    groupIds = await engine.groupsOf(userId, groupsReferenced(policy));
  } catch {
    groupNote = '\n:warning: Could not check your groups with Slack; grants by group are not shown.';
  }
  const actions = only ? [only] : deps.registry.list();
  const permissions = describePermissions(policy, {
    userId,
    groupIds,
    channelId,
    ...(cluster !== undefined && { cluster: cluster.cluster }),
    actions,
  });
  // Worded here from the policy's facts, with mentions (<@U…>, <#C…>) that render as names.
  const lines = permissions.map((p) => {
    const mark = p.allowed ? (p.needsApproval ? ':raised_hand:' : ':white_check_mark:') : ':no_entry:';
    const remedy = p.remedy ? `\n      _${wordRemedy(p.remedy, SLACK_DENIAL_WORDS)}_` : '';
    return `${mark} *${commandName({ name: p.action })}* (${p.riskLevel}) — ${wordPermission(p, SLACK_DENIAL_WORDS)}${remedy}`;
  });
  const groups = groupIds.length
    ? ` · your groups here: ${groupIds.slice(0, 20).map(escapeMrkdwn).join(', ')}${groupIds.length > 20 ? ` and ${groupIds.length - 20} more` : ''}`
    : '';
  const channel = /^[CGD][A-Z0-9]{2,30}$/.test(channelId) ? `<#${channelId}>` : foreignText(channelId, 40);
  const on =
    cluster !== undefined
      ? ` on cluster ${clusterLabel(cluster)}`
      : ' (no cluster chosen: rules limited to clusters are not counted; add --cluster NAME)';
  const header = `What ${userMention(userId)} may run in ${channel}${on}${groups}. Policy: ${escapeMrkdwn(policy.description ?? 'from POLICY_FILE')}.${groupNote}`;
  return fitSlackLimits({
    text: permissions
      .map((p) => `${p.action}: ${p.allowed ? (p.needsApproval ? 'needs approval' : 'allowed') : 'denied'}`)
      .join('\n'),
    blocks: [section(`${header}\n${lines.join('\n')}`)],
  });
}
