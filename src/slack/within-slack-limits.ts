import type { types } from '@slack/bolt';
import { fitSlackLimits } from './fit-slack-limits.js';
import { clampTopLevelText } from './slack-message.js';

/** Anything the bot hands Slack as a message: an ack's body, a respond() body, a Web API message. */
export interface OutgoingMessage {
  readonly text?: string;
  readonly blocks?: readonly unknown[];
}

/**
 * The last guard on everything the bot says to Slack: the delivery chain and every direct ack and
 * respond() pass through it, so a message a renderer did not bound (help for a long registry, a
 * reply written inline) is still within Slack's limits instead of refused whole. Idempotent: what
 * a renderer already fitted passes unchanged. Other fields (response_type, replace_original,
 * response_action) are kept as they are.
 */
export function withinSlackLimits<M extends OutgoingMessage>(message: M, correlationId?: string): M {
  if (message.blocks === undefined) {
    if (message.text === undefined) return message;
    return { ...message, text: clampTopLevelText(message.text, correlationId) };
  }
  const fitted = fitSlackLimits(
    { text: message.text ?? '', blocks: [...message.blocks] as types.KnownBlock[] },
    correlationId,
  );
  return { ...message, ...(message.text !== undefined && { text: fitted.text }), blocks: fitted.blocks };
}
