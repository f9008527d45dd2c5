import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';

export interface DeliveryTarget {
  readonly channelId?: string;
  readonly userId: string;
  readonly correlationId: string;
}

/**
 * Gets a message to Slack or says loudly that it could not: the response_url first; if Slack refuses
 * the blocks, the plain text; if the response_url is spent or expired, the Web API. Only when all of
 * that fails is the log the last witness.
 */
export async function deliverMessage(
  deps: Pick<SlackDeps, 'logger' | 'postViaWebApi'>,
  send: (message: ResponseUrlMessage) => Promise<unknown>,
  message: ResponseUrlMessage,
  target: DeliveryTarget,
): Promise<boolean> {
  const log = deps.logger.child({
    correlationId: target.correlationId,
    user: target.userId,
    channel: target.channelId,
  });
  try {
    await send(message);
    return true;
  } catch (error) {
    log.warn({ err: error }, 'Slack refused the reply; trying plain text');
  }
  const plain: ResponseUrlMessage = { ...message, blocks: [] };
  try {
    await send(plain);
    return true;
  } catch (error) {
    log.warn({ err: error }, 'the response_url refused plain text too; trying the Web API');
  }
  if (target.channelId !== undefined) {
    try {
      await deps.postViaWebApi(
        {
          channelId: target.channelId,
          ...(message.response_type === 'ephemeral' && { userId: target.userId }),
        },
        { text: message.text, blocks: message.blocks },
      );
      return true;
    } catch (error) {
      log.error({ err: error, text: message.text }, 'could not deliver the reply to Slack by any route');
      return false;
    }
  }
  log.error({ text: message.text }, 'could not deliver the reply to Slack by any route');
  return false;
}
