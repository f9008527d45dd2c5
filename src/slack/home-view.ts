import type { types } from '@slack/bolt';
import { homeApprovalBlocks } from './home-approval-blocks.js';
import { homeClusterBlocks } from './home-cluster-blocks.js';
import type { HomeViewInput } from './home-view-input.js';
import { HOME_BLOCK_LIMIT } from './home-view-limits.js';
import { section } from './message-blocks.js';
import { inlineCode, slackDate, userMention } from './mrkdwn.js';

export type { HomeCluster, HomeViewInput } from './home-view-input.js';
export { HOME_BLOCK_LIMIT, HOME_BUTTONS, HOME_LIST_LINES } from './home-view-limits.js';

type Block = types.KnownBlock;

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
  const approvalBlocks = homeApprovalBlocks(input.approvals);
  // Approvals are what someone is waiting on: their blocks are reserved before the clusters take theirs.
  const clusterBudget = HOME_BLOCK_LIMIT - blocks.length - approvalBlocks.length - 1;
  const clusterBlocks: Block[] = [];
  let shown = 0;
  for (const cluster of input.clusters) {
    const rendered = homeClusterBlocks(cluster, input);
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
