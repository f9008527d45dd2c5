import type { ClusterOverview, StoresSummary } from '../core/home/cluster-overview.js';
import { HOME_LIST_LINES } from './home-view-limits.js';
import { clampLabel, escapeMrkdwn, foreignText, inlineCode } from './mrkdwn.js';

/** A cluster's stores on Home: the summary line, then the stores needing attention (or PD's problem). */
export function homeStoresText(overview: ClusterOverview): string {
  if (!overview.stores.ok) {
    const { problem } = overview.stores;
    return `:warning: *PD did not answer* (${inlineCode(problem.code)}): ${foreignText(problem.message, 300)}\nThe other clusters are shown as PD told them.`;
  }
  return [summaryLine(overview.stores.value), ...attentionLines(overview.stores.value)].join('\n');
}

/** "*7 stores*: 5 Up, 1 Offline, 1 Down · 2 need attention". */
function summaryLine(summary: StoresSummary): string {
  if (summary.total === 0) return '*0 stores*';
  const counts = summary.byState.map(([state, n]) => `${n.toLocaleString('en-US')} ${escapeMrkdwn(state)}`);
  const attention = summary.attention.length;
  const needs =
    attention === 0
      ? ':white_check_mark: none need attention'
      : `:warning: ${attention.toLocaleString('en-US')} need${attention === 1 ? 's' : ''} attention`;
  return `*${summary.total.toLocaleString('en-US')} stores*: ${counts.join(', ')} · ${needs}`;
}

function attentionLines(summary: StoresSummary): string[] {
  const lines = summary.attention
    .slice(0, HOME_LIST_LINES)
    .map(
      (s) =>
        `• store ${s.id} ${inlineCode(clampLabel(s.address, 80))} ${escapeMrkdwn(s.reasons.join(', '))} · ${s.leaderCount.toLocaleString('en-US')} leaders, ${s.regionCount.toLocaleString('en-US')} regions`,
    );
  const more = summary.attention.length - lines.length;
  if (more > 0) lines.push(`… and ${more.toLocaleString('en-US')} more needing attention`);
  return lines;
}
