import type { types } from '@slack/bolt';
import { commandName } from '../core/actions/action-definition.js';
import { clusterLabel } from './cluster-label.js';
import { HOME_FORM_ACTION_ID, HOME_STORES_ACTION_ID, homeButtonValue } from './home-button-value.js';
import { homeDrainBlocks } from './home-drain-blocks.js';
import { homeOperatorBlocks } from './home-operator-blocks.js';
import { homeStoresText } from './home-stores-text.js';
import type { HomeCluster, HomeViewInput } from './home-view-input.js';
import { section } from './message-blocks.js';
import { clampLabel, escapeMrkdwn, slackDate } from './mrkdwn.js';

type Block = types.KnownBlock;

/** One cluster on Home: its title and Stores button, stores, drains, operators, and the action menu. */
export function homeClusterBlocks(cluster: HomeCluster, input: HomeViewInput): Block[] {
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
  blocks.push(section(homeStoresText(overview)));
  const drains = homeDrainBlocks(cluster.name, overview);
  blocks.push(...drains);
  blocks.push(...homeOperatorBlocks(cluster.name, input));
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
