import type { types } from '@slack/bolt';
import { clampLabel, clampText, SECTION_TEXT_LIMIT } from './mrkdwn.js';
import { clampTopLevelText, type SlackMessage } from './slack-message.js';

type Block = types.KnownBlock;

/** Slack's Block Kit limits for messages (reference §2.5, §3.2). */
export const MESSAGE_LIMITS = {
  blocks: 50,
  sectionText: SECTION_TEXT_LIMIT,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

/**
 * The last line of defence: every message a renderer returns passes through here, so however long
 * a body, a list or a typed value is, Slack never refuses the message for its size. Renderers cut
 * with care first (reserving the fields that must stay, saying what was cut); this only clamps what
 * would otherwise break a limit.
 */
export function fitSlackLimits(message: SlackMessage, correlationId?: string): SlackMessage {
  let blocks = message.blocks.map(fitBlock);
  if (blocks.length > MESSAGE_LIMITS.blocks) {
    const left = blocks.length - (MESSAGE_LIMITS.blocks - 1);
    blocks = [
      ...blocks.slice(0, MESSAGE_LIMITS.blocks - 1),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `… ${left} more blocks cut` }] },
    ];
  }
  return { text: clampTopLevelText(message.text, correlationId), blocks };
}

function fitBlock(block: Block): Block {
  switch (block.type) {
    case 'section': {
      const fields = block.fields?.slice(0, MESSAGE_LIMITS.fields).map((field) => ({
        ...field,
        text: clampText(field.text, MESSAGE_LIMITS.fieldText),
      }));
      return {
        ...block,
        ...(block.text && { text: { ...block.text, text: clampText(block.text.text, SECTION_TEXT_LIMIT) } }),
        ...(fields && { fields }),
      };
    }
    case 'context':
      return {
        ...block,
        elements: block.elements
          .slice(0, MESSAGE_LIMITS.contextElements)
          .map((element) =>
            'text' in element && typeof element.text === 'string'
              ? { ...element, text: clampText(element.text, SECTION_TEXT_LIMIT) }
              : element,
          ),
      } as Block;
    case 'actions':
      return {
        ...block,
        elements: block.elements
          .slice(0, MESSAGE_LIMITS.actionsElements)
          .map((element) => (element.type === 'button' ? fitButton(element) : element)),
      };
    default:
      return block;
  }
}

function fitButton(button: types.Button): types.Button {
  const { confirm } = button;
  return {
    ...button,
    text: { ...button.text, text: clampLabel(button.text.text, MESSAGE_LIMITS.buttonText) },
    ...(confirm && {
      confirm: {
        ...confirm,
        ...(confirm.title && { title: fitPlain(confirm.title, MESSAGE_LIMITS.confirmTitle) }),
        text: { ...confirm.text, text: clampLabel(confirm.text.text, MESSAGE_LIMITS.confirmText) },
        ...(confirm.confirm && { confirm: fitPlain(confirm.confirm, MESSAGE_LIMITS.confirmButton) }),
        ...(confirm.deny && { deny: fitPlain(confirm.deny, MESSAGE_LIMITS.confirmButton) }),
      },
    }),
  };
}

function fitPlain(text: types.PlainTextElement, limit: number): types.PlainTextElement {
  return { ...text, text: clampLabel(text.text, limit) };
}
