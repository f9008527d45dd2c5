import type { types } from '@slack/bolt';
import type { ClusterOverview, DrainLine } from '../core/home/cluster-overview.js';
import { HOME_UNDRAIN_ACTION_ID, homeButtonValue } from './home-button-value.js';
import { HOME_BUTTONS, HOME_LIST_LINES } from './home-view-limits.js';
import { section } from './message-blocks.js';
import { escapeMrkdwn, inlineCode } from './mrkdwn.js';

type Block = types.KnownBlock;

/** A cluster's drains in progress, with an Undrain button for the first few. */
export function homeDrainBlocks(cluster: string, overview: ClusterOverview): Block[] {
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
