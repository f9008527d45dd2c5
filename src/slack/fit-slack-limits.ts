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
  /**
   * Slack also refuses (msg_blocks_too_long) blocks holding about 13,000 characters in all, with
   * every block within its own limit (slackapi/bolt-js#2509); stay well below.
   */
  blocksTotalText: 12_000,
} as const;

/**
 * The last line of defence: every message a renderer returns passes through here, so however long
 * a body, a list or a typed value is, Slack never refuses the message for its size. Renderers cut
 * with care first (reserving the fields that must stay, saying what was cut); this only clamps what
 * would otherwise break a limit.
 */
export function fitSlackLimits(message: SlackMessage, correlationId?: string): SlackMessage {
  const blocks: Block[] = [];
  let budget = MESSAGE_LIMITS.blocksTotalText;
  const all = message.blocks.map(fitBlock);
  for (const [i, block] of all.entries()) {
    const cost = textLength(block);
    const lastSlot = blocks.length === MESSAGE_LIMITS.blocks - 1 && i < all.length - 1;
    if (lastSlot || cost > budget) {
      const left = all.length - i;
      blocks.push({
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `… ${left} more ${left === 1 ? 'block' : 'blocks'} cut to fit Slack` },
        ],
      });
      break;
    }
    blocks.push(block);
    budget -= cost;
  }
  return { text: clampTopLevelText(message.text, correlationId), blocks };
}

/** Characters in every `text` string of a block: what Slack's total-size check appears to count. */
function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + textLength(v), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.entries(value).reduce(
    (sum, [key, v]) => sum + (key === 'text' && typeof v === 'string' ? v.length : textLength(v)),
    0,
  );
}

function fitBlock(block: Block): Block {
  switch (block.type) {
    case 'section': {
      const fields = block.fields?.slice(0, MESSAGE_LIMITS.fields).map((field) => ({
        ...field,
        // Half of Slack's 2,000, so ten full fields still fit the message's total budget.
        text: clampText(field.text, MESSAGE_LIMITS.fieldText / 2),
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
