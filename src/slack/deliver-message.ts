import type { Logger } from 'pino';
import type { ResponseUrlMessage } from './slack-deps.js';
import { withinSlackLimits } from './within-slack-limits.js';

export type DeliveryRouteName =
  | 'response_url'
  | 'response_url_plain_text'
  | 'chat.update'
  | 'chat.postMessage'
  | 'chat.postEphemeral';

/** One way to get a message to Slack; resolves with the message's ts when the route learns it. */
export interface DeliveryRoute {
  readonly name: DeliveryRouteName;
  readonly send: (message: ResponseUrlMessage) => Promise<{ readonly ts?: string } | undefined>;
}

export interface DeliveryTarget {
  readonly channelId?: string;
  readonly userId: string;
  readonly correlationId: string;
  readonly approvalId?: string;
}

export type Delivery =
  | { readonly ok: true; readonly route: DeliveryRouteName; readonly ts?: string }
  | { readonly ok: false; readonly tried: readonly DeliveryRouteName[] };

/** What the log keeps of an undelivered message: enough to find it, never a megabyte. */
const LOGGED_TEXT_CHARS = 500;

/**
 * Gets a message to Slack by the first route that takes it (see deliveryRoutes for the order), or
 * says loudly that it could not: when every route fails, the log line is the last witness.
 */
export async function deliverMessage(
  deps: { readonly logger: Logger },
  routes: readonly DeliveryRoute[],
  unfitted: ResponseUrlMessage,
  target: DeliveryTarget,
): Promise<Delivery> {
  // Every route gets the same bounded message: one refused for its size would be refused by all.
  const message = withinSlackLimits(unfitted, target.correlationId);
  const log = deps.logger.child({
    correlationId: target.correlationId,
    user: target.userId,
    channel: target.channelId,
    ...(target.approvalId !== undefined && { approvalId: target.approvalId }),
  });
  const tried: DeliveryRouteName[] = [];
  const errors: string[] = [];
  for (const route of routes) {
    tried.push(route.name);
    try {
      const receipt = await route.send(message);
      if (tried.length > 1) {
        log.info({ decision: 'delivered', route: route.name, tried }, `reply delivered by ${route.name}`);
      }
      return { ok: true, route: route.name, ...(receipt?.ts !== undefined && { ts: receipt.ts }) };
    } catch (error) {
      errors.push(`${route.name}: ${describe(error)}`);
      log.warn({ err: error, route: route.name }, `Slack refused the reply by ${route.name}`);
    }
  }
  log.error(
    {
      decision: 'delivery_failed',
      tried,
      errors,
      responseType: message.response_type,
      textLength: message.text.length,
      text: message.text.slice(0, LOGGED_TEXT_CHARS),
    },
    'could not deliver the reply to Slack by any route',
  );
  return { ok: false, tried };
}

function describe(error: unknown): string {
  const slackError = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  if (typeof slackError === 'string') return slackError;
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 200);
}
