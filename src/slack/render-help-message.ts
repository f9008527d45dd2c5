import type { types } from '@slack/bolt';
import { type ActionDefinition, commandName } from '../core/actions/action-definition.js';
import type { ActionRegistry } from '../core/actions/action-registry.js';
import { BUILT_IN_COMMANDS } from '../core/commands/built-in-commands.js';
import { SLASH_COMMAND, usageLine } from '../core/commands/usage-line.js';
import { escapeMrkdwn, inlineCode } from './mrkdwn.js';
import type { SlackMessage } from './slack-message.js';

const RISK_EMOJI = {
  read: ':eyes:',
  low: ':large_green_circle:',
  medium: ':large_yellow_circle:',
  high: ':red_circle:',
} as const;

function actionBlock(action: ActionDefinition): types.KnownBlock {
  const params = Object.entries(action.parameters)
    .map(
      ([name, p]) =>
        `• ${inlineCode(name)}${p.required ? '' : ' (optional)'}: ${escapeMrkdwn(p.description)}`,
    )
    .join('\n');
  const approval = action.requiresApproval ? ' · needs approval' : '';
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `${RISK_EMOJI[action.riskLevel]} *${commandName(action)}* — ${escapeMrkdwn(action.description)} (risk: ${action.riskLevel}${approval})\n${inlineCode(usageLine(action))}${params === '' ? '' : `\n${params}`}`,
    },
  };
}

/** Usage for every action, generated from the definitions (ephemeral). */
export function renderHelpMessage(
  registry: ActionRegistry,
  /** Where commands go: one cluster's PD endpoint, or the clusters to choose from, as mrkdwn. */
  where: string,
  only?: ActionDefinition,
  simulated = false,
): SlackMessage {
  const actions = only ? [only] : registry.list();
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*/tikv* runs TiKV operations through PD (${where}${simulated ? ', the tikv-chatops *simulator*' : ''}) and posts PD's answer: changes for the channel, views only to you (add ${inlineCode('--share')} or press *Share in channel* to post a view for everyone).\nArguments go in order, or as ${inlineCode('name=value')}. Leave some out and a form asks for them.`,
      },
    },
    { type: 'divider' },
    // Slack allows 50 blocks per message; keep room for the header, the built-ins and the footer.
    ...actions.slice(0, 44).map(actionBlock),
    ...(only ? [] : [builtInsBlock()]),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Example: ${inlineCode('/tikv transfer-leader 42 4')} · ${inlineCode('/tikv help <action>')}`,
        },
      ],
    },
  ];
  const text = [
    ...actions.map((a) => usageLine(a)),
    ...(only ? [] : BUILT_IN_COMMANDS.map((b) => `${SLASH_COMMAND} ${b.usage}`)),
  ].join('\n');
  return { text: `tikv-chatops actions:\n${text}`, blocks };
}

function builtInsBlock(): types.KnownBlock {
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `:bust_in_silhouette: *Your permissions* (nothing is sent to PD)\n${BUILT_IN_COMMANDS.map((b) => `${inlineCode(`${SLASH_COMMAND} ${b.usage}`)} — ${b.description}`).join('\n')}`,
    },
  };
}
