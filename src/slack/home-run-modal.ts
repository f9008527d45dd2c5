import type { types } from '@slack/bolt';
import type { ActionDefinition } from '../core/actions/action-definition.js';
import type { ClusterDescriptor } from '../core/engine/engine-cluster.js';
import { type ModalMetadataKey, signModalView } from './modal-metadata.js';
import { buildParamsModal, VALUE_ACTION_ID } from './params-modal.js';

export const HOME_RUN_CALLBACK_ID = 'home:run';
/** The channel the result is posted in: Home is no channel, and changes are the team's business. */
export const HOME_CHANNEL_BLOCK_ID = 'home:channel';

/** What the Home form remembers, signed like every form's metadata. */
export interface HomeRunMetadata {
  readonly from: 'home';
  readonly action: string;
  readonly userId: string;
  readonly cluster: string;
  readonly issuedAt: number;
  /** The clicker's DM with the app, from Home's own metadata: Home is redrawn with it after a run. */
  readonly dm?: string;
}

/**
 * The form a Home button opens: the action's own generated form (the same fields, cluster choice
 * and "Preview only" as `/tikv <action>` opens), plus the channel to run it in. The channel select
 * asks Slack for a response_url there, so the result is posted where the team sees it, exactly as
 * for a typed command; DMs are not offered.
 */
export function buildHomeRunModal(
  action: ActionDefinition,
  provided: Readonly<Record<string, string>>,
  metadata: HomeRunMetadata,
  endpoint: string,
  clusters: readonly ClusterDescriptor[],
  key: ModalMetadataKey,
): types.ModalView {
  const form = buildParamsModal(
    action,
    provided,
    // Only to reuse the fields; the metadata below replaces this.
    {
      action: action.name,
      channelId: '',
      userId: metadata.userId,
      responseUrl: '',
      issuedAt: metadata.issuedAt,
      cluster: metadata.cluster,
    },
    endpoint,
    clusters,
  );
  const channel: types.InputBlock = {
    type: 'input',
    block_id: HOME_CHANNEL_BLOCK_ID,
    label: { type: 'plain_text', text: 'Run it in channel' },
    hint: {
      type: 'plain_text',
      text: action.mutating
        ? 'A change is posted in this channel for the team to see, as if typed there with /tikv.'
        : 'The answer is shown only to you in this channel, with a Share button.',
    },
    element: {
      type: 'conversations_select',
      action_id: VALUE_ACTION_ID,
      response_url_enabled: true,
      filter: { include: ['public', 'private'], exclude_bot_users: true },
      placeholder: { type: 'plain_text', text: 'The incident channel' },
    },
  };
  const [intro, ...rest] = form.blocks;
  return signModalView(
    {
      ...form,
      callback_id: HOME_RUN_CALLBACK_ID,
      private_metadata: JSON.stringify(metadata),
      blocks: [...(intro !== undefined ? [intro] : []), channel, ...rest],
    },
    key,
  );
}

export function parseHomeRunMetadata(text: string): HomeRunMetadata | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<HomeRunMetadata>;
    if (
      parsed.from === 'home' &&
      typeof parsed.action === 'string' &&
      typeof parsed.userId === 'string' &&
      typeof parsed.cluster === 'string' &&
      typeof parsed.issuedAt === 'number'
    ) {
      return parsed as HomeRunMetadata;
    }
  } catch {
    // Not ours: the caller answers with an inline error.
  }
  return undefined;
}
