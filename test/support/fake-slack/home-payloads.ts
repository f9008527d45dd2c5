import { randomBytes } from 'node:crypto';
import { FAKE_IDENTITY } from './fake-web-api.js';
import { newTriggerId } from './payload-builders.js';

export interface HomeClickInput {
  readonly userId: string;
  /** The published Home view as the fake stored it (views.publish): id, blocks, private_metadata. */
  readonly view: Record<string, unknown>;
  readonly actionId: string;
  readonly blockId?: string;
  /** A button's value. */
  readonly value?: string;
  /** A static_select's chosen option value (sent as selected_option instead of value). */
  readonly selectedValue?: string;
  readonly triggerId?: string;
}

/**
 * A `block_actions` payload for a click on App Home (reference §3.1): the container is the view,
 * and there is no channel and no response_url, unlike a click on a message.
 */
export function homeBlockActionsPayload(input: HomeClickInput): Record<string, unknown> {
  const teamId = FAKE_IDENTITY.teamId;
  const name = `user-${input.userId.toLowerCase()}`;
  const action =
    input.selectedValue !== undefined
      ? {
          type: 'static_select',
          action_id: input.actionId,
          block_id: input.blockId ?? 'home',
          selected_option: {
            text: { type: 'plain_text', text: 'x', emoji: true },
            value: input.selectedValue,
          },
          placeholder: { type: 'plain_text', text: 'Run an action…', emoji: true },
          action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
        }
      : {
          type: 'button',
          action_id: input.actionId,
          block_id: input.blockId ?? 'home',
          text: { type: 'plain_text', text: 'Button', emoji: true },
          value: input.value ?? '',
          action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
        };
  return {
    type: 'block_actions',
    user: { id: input.userId, username: name, name, team_id: teamId },
    api_app_id: FAKE_IDENTITY.appId,
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: input.view.id },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: FAKE_IDENTITY.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    view: {
      type: 'home',
      team_id: teamId,
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      app_id: FAKE_IDENTITY.appId,
      bot_id: FAKE_IDENTITY.botId,
      ...input.view,
    },
    actions: [action],
  };
}
