import type { types } from '@slack/bolt';
import { type ActionDefinition, commandName } from '../core/actions/action-definition.js';
import type { Approval } from '../core/approvals/approval-store.js';
import type { FollowUp } from '../core/follow-ups/follow-up-store.js';
import type { ApprovalsAwaiting } from '../core/home/approvals-awaiting.js';
import type { ClusterOverview, DrainLine, StoresSummary } from '../core/home/cluster-overview.js';
import { clusterLabel } from './cluster-label.js';
import {
  HOME_APPROVE_ACTION_ID,
  HOME_CANCEL_ACTION_ID,
  HOME_FORM_ACTION_ID,
  HOME_REJECT_ACTION_ID,
  HOME_STORES_ACTION_ID,
  HOME_UNDRAIN_ACTION_ID,
  homeButtonValue,
} from './home-button-value.js';
import {
  clampLabel,
  clampText,
  escapeMrkdwn,
  foreignText,
  inlineCode,
  slackDate,
  userMention,
} from './mrkdwn.js';

type Block = types.KnownBlock;

/** Slack's limit for a Home tab (the fake enforces it too). */
export const HOME_BLOCK_LIMIT = 100;
/** Lines per list before "… and N more": a 10,000-store cluster still fits one section. */
export const HOME_LIST_LINES = 10;
/** Undrain / Cancel buttons per cluster; the rest are named in the list and reachable by command. */
export const HOME_BUTTONS = 5;

export interface HomeCluster {
  readonly name: string;
  readonly production: boolean;
  readonly simulated: boolean;
  readonly endpoint: string;
  /** Absent when the viewer may not read this cluster (`hidden` says why). */
  readonly overview?: ClusterOverview;
  /** NOT_GRANTED / GROUP_LOOKUP_FAILED: the policy; PD_SLOW: PD had not answered when Home was drawn. */
  readonly hidden?: 'NOT_GRANTED' | 'GROUP_LOOKUP_FAILED' | 'PD_SLOW';
}

export interface HomeViewInput {
  readonly viewerId: string;
  readonly now: Date;
  readonly clusters: readonly HomeCluster[];
  /** Undefined when this bot has no follow-up store wired: Home then says nothing is followed. */
  readonly followUps?: { readonly ok: true; readonly items: readonly FollowUp[] } | { readonly ok: false };
  readonly approvals: ApprovalsAwaiting;
  /** Actions offered in each cluster's "Run an action…" menu. */
  readonly actions: readonly ActionDefinition[];
  /** How long Home's PD numbers may be cached, said on the page so nobody mistakes them for live. */
  readonly cacheSeconds: number;
  /** Kept in private_metadata: where a Home read's answer is posted (the app's DM with the viewer). */
  readonly dmChannelId?: string;
}

/**
 * The App Home tab for one viewer: per cluster, the store summary and the stores needing attention,
 * drains in progress (with Undrain), operators the bot started (with Cancel while running), then
 * the approvals this viewer could decide. Buttons only open the same actions; nothing runs from here
 * without going through the command flow. Bounded to Home's 100 blocks for any cluster size.
 */
export function renderHomeView(input: HomeViewInput): types.HomeView {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'TiKV clusters' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Drawn ${slackDate(input.now)} for ${userMention(input.viewerId)}; PD is read at most every ${input.cacheSeconds} s, so open Home again for fresher numbers.`,
        },
      ],
    },
  ];
  const approvalBlocks = renderApprovals(input.approvals);
  // Approvals are what someone is waiting on: their blocks are reserved before the clusters take theirs.
  const clusterBudget = HOME_BLOCK_LIMIT - blocks.length - approvalBlocks.length - 1;
  const clusterBlocks: Block[] = [];
  let shown = 0;
  for (const cluster of input.clusters) {
    const rendered = renderCluster(cluster, input);
    if (clusterBlocks.length + rendered.length > clusterBudget) break;
    clusterBlocks.push(...rendered);
    shown++;
  }
  if (shown < input.clusters.length) {
    const rest = input.clusters.slice(shown).map((c) => inlineCode(c.name));
    clusterBlocks.push(
      section(
        `${input.clusters.length - shown} more clusters do not fit here: ${rest.join(', ')}. Use ${inlineCode('/tikv stores --cluster NAME')}.`,
      ),
    );
  }
  blocks.push(...clusterBlocks, ...approvalBlocks);
  return {
    type: 'home',
    callback_id: 'tikv:home',
    ...(input.dmChannelId !== undefined && {
      private_metadata: JSON.stringify({ dm: input.dmChannelId }),
    }),
    blocks,
  };
}

function renderCluster(cluster: HomeCluster, input: HomeViewInput): Block[] {
  const { overview } = cluster;
  const title = `${clusterLabel({ cluster: cluster.name, production: cluster.production })} · PD ${escapeMrkdwn(clampLabel(cluster.endpoint, 200))}${cluster.simulated ? ' · :test_tube: simulator' : ''}`;
  const blocks: Block[] = [
    { type: 'divider' },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: title },
      accessory: {
        type: 'button',
        action_id: HOME_STORES_ACTION_ID,
        text: { type: 'plain_text', text: 'Stores' },
        value: homeButtonValue({ a: 'stores', c: cluster.name }),
      },
    },
  ];
  if (overview !== undefined) {
    // Reads are shared for a few seconds: each cluster says when PD was actually asked.
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `PD read ${slackDate(overview.readAt)}` }],
    });
  }
  if (overview === undefined) {
    blocks.push(
      section(
        cluster.hidden === 'PD_SLOW'
          ? ':hourglass_flowing_sand: *PD has not answered yet*; the bot is still asking. Open Home again in a moment.'
          : cluster.hidden === 'GROUP_LOOKUP_FAILED'
            ? ':warning: Could not check your user groups with Slack, so this cluster is not shown; open Home again in a minute.'
            : ':lock: The policy does not let you view this cluster (`stores` is not granted to you).',
      ),
    );
    return blocks;
  }
  blocks.push(section(storesText(overview)));
  const drains = drainsBlocks(cluster.name, overview);
  blocks.push(...drains);
  blocks.push(...operatorBlocks(cluster.name, input));
  const options = input.actions.slice(0, 100).map((action) => ({
    text: { type: 'plain_text' as const, text: clampLabel(commandName(action), 75) },
    value: homeButtonValue({ a: action.name, c: cluster.name }),
  }));
  if (options.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: `home:actions:${cluster.name}`.slice(0, 255),
      elements: [
        {
          type: 'static_select',
          action_id: HOME_FORM_ACTION_ID,
          placeholder: { type: 'plain_text', text: 'Run an action…' },
          options,
        },
      ],
    });
  }
  return blocks;
}

function storesText(overview: ClusterOverview): string {
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

function drainsBlocks(cluster: string, overview: ClusterOverview): Block[] {
  if (!overview.drains.ok) {
    const { problem } = overview.drains;
    return [section(`*Drains in progress*: PD did not answer (${inlineCode(problem.code)})`)];
  }
  const drains = overview.drains.value;
  if (drains.length === 0) return [section('*Drains in progress*: none')];
  const lines = drains.slice(0, HOME_LIST_LINES).map(drainLine);
  const more = drains.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more`);
  return [
    section(`*Drains in progress* (evict-leader-scheduler)\n${lines.join('\n')}`),
    {
      type: 'actions',
      block_id: `home:drains:${cluster}`.slice(0, 255),
      elements: drains.slice(0, HOME_BUTTONS).map((d) => ({
        type: 'button' as const,
        action_id: `${HOME_UNDRAIN_ACTION_ID}:${d.storeId}`,
        text: { type: 'plain_text' as const, text: `Undrain store ${d.storeId}` },
        value: homeButtonValue({ a: 'undrain-store', c: cluster, p: { store_id: String(d.storeId) } }),
      })),
    },
  ];
}

function drainLine(drain: DrainLine): string {
  if (drain.leaderCount === undefined) return `• store ${drain.storeId}: not in PD's store list`;
  const left =
    drain.leaderCount === 0
      ? ':white_check_mark: no leaders left'
      : `${drain.leaderCount.toLocaleString('en-US')} leaders left`;
  return `• store ${drain.storeId} (${escapeMrkdwn(drain.stateName ?? '?')}): ${left}`;
}

function operatorBlocks(cluster: string, input: HomeViewInput): Block[] {
  if (input.followUps === undefined) return [];
  if (!input.followUps.ok) return [section('*Operators the bot started*: could not be read')];
  const mine = input.followUps.items.filter((f) => f.cluster === cluster);
  if (mine.length === 0) return [section('*Operators the bot started*: none recently')];
  const lines = mine.slice(0, HOME_LIST_LINES).map(followUpLine);
  const more = mine.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more`);
  // One Cancel per region: PD cancels whatever operator runs there, and action ids must be unique.
  const regions = new Set<string>();
  const running = mine
    .filter((f) => f.kind === 'operator' && isActive(f))
    .filter((f) => !regions.has(f.subjectId) && regions.add(f.subjectId) !== undefined)
    .slice(0, HOME_BUTTONS);
  return [
    section(`*Operators the bot started*\n${lines.join('\n')}`),
    ...(running.length === 0
      ? []
      : [
          {
            type: 'actions' as const,
            block_id: `home:operators:${cluster}`.slice(0, 255),
            elements: running.map((f) => ({
              type: 'button' as const,
              action_id: `${HOME_CANCEL_ACTION_ID}:${f.subjectId}`.slice(0, 255),
              text: { type: 'plain_text' as const, text: clampLabel(`Cancel region ${f.subjectId}`, 75) },
              value: homeButtonValue({ a: 'cancel-operator', c: cluster, p: { region_id: f.subjectId } }),
            })),
          },
        ]),
  ];
}

function isActive(f: FollowUp): boolean {
  return f.state === 'following' || f.state === 'stalled';
}

const STATE_MARK: Readonly<Record<FollowUp['state'], string>> = {
  following: ':hourglass_flowing_sand: following',
  stalled: ':warning: stalled',
  succeeded: ':white_check_mark: succeeded',
  failed: ':x: failed',
  stopped: ':grey_question: no longer followed',
};

function followUpLine(f: FollowUp): string {
  const what = `${escapeMrkdwn(commandName({ name: f.actionName }))} ${escapeMrkdwn(
    Object.entries(f.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  )}`;
  const status = f.status !== undefined ? ` (${foreignText(f.status, 80)})` : '';
  return `• ${clampText(what, 200)} · ${STATE_MARK[f.state]}${status} · by ${userMention(f.requesterId)} ${slackDate(f.startedAt)}`;
}

function renderApprovals(awaiting: ApprovalsAwaiting): Block[] {
  const head = { type: 'divider' as const };
  if (!awaiting.ok) {
    return [
      head,
      section(
        '*Approvals waiting for you*: could not check your user groups with Slack; open Home again in a minute.',
      ),
    ];
  }
  if (awaiting.approvals.length === 0) return [head, section('*Approvals waiting for you*: none')];
  const withButtons = awaiting.approvals.slice(0, HOME_BUTTONS);
  const lines = awaiting.approvals.slice(HOME_BUTTONS, HOME_BUTTONS + HOME_LIST_LINES).map(approvalLine);
  const more = awaiting.approvals.length - withButtons.length - lines.length;
  if (more > 0) lines.push(`… and ${more} more`);
  return [
    head,
    section(`*Approvals waiting for you* (${awaiting.approvals.length})`),
    ...withButtons.flatMap((a): Block[] => [
      section(approvalLine(a)),
      {
        type: 'actions',
        block_id: `home:approval:${a.id}`.slice(0, 255),
        elements: [
          {
            type: 'button',
            action_id: HOME_APPROVE_ACTION_ID,
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
            value: a.id,
            confirm: {
              title: { type: 'plain_text', text: 'Approve and run?' },
              text: {
                type: 'mrkdwn',
                text: clampText(
                  `This runs ${inlineCode(approvalWhat(a))}${a.cluster !== undefined ? ` on ${inlineCode(a.cluster)}` : ''} now, for ${userMention(a.requesterId)}.`,
                  300,
                ),
              },
              confirm: { type: 'plain_text', text: 'Approve' },
              deny: { type: 'plain_text', text: 'Not yet' },
            },
          },
          {
            type: 'button',
            action_id: HOME_REJECT_ACTION_ID,
            style: 'danger',
            text: { type: 'plain_text', text: 'Reject' },
            value: a.id,
          },
        ],
      },
    ]),
    ...(lines.length > 0 ? [section(lines.join('\n'))] : []),
  ];
}

function approvalWhat(a: Approval): string {
  return clampLabel(
    `${commandName({ name: a.actionName })} ${Object.entries(a.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`.trim(),
    150,
  );
}

function approvalLine(a: Approval): string {
  // A channel id from Slack; anything else is not turned into a link.
  const where =
    a.channelId !== undefined && /^[CGD][A-Z0-9]{2,30}$/.test(a.channelId) ? ` in <#${a.channelId}>` : '';
  const cluster = a.cluster !== undefined ? ` on ${inlineCode(a.cluster)}` : '';
  return `• ${inlineCode(approvalWhat(a))}${cluster} asked by ${userMention(a.requesterId)}${where}, expires ${slackDate(a.expiresAt)}`;
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clampText(text, 3000) } };
}
