import type { DeliveryRoute } from './deliver-message.js';
import type { ResponseUrlMessage, SlackDeps } from './slack-deps.js';

/** Where a reply can go: what the payload that caused it offers. */
export interface ReplyPlace {
  /** POSTs to the payload's response_url (Bolt's respond, or postToResponseUrl bound to a URL). */
  readonly respond?: (message: ResponseUrlMessage) => Promise<unknown>;
  readonly channelId?: string;
  /** Who a private reply is for. */
  readonly userId: string;
  /** The message this reply replaces (an approval request), when its ts is known. */
  readonly replaceTs?: string;
}

/**
 * The ordered routes for one reply. The response_url first (it works where the bot is not a
 * member), then the same URL with plain text (when Slack refused the blocks), then the Web API:
 * chat.update of the message being replaced, then chat.postMessage. A private reply's only Web API
 * route is chat.postEphemeral to its reader: a denial or preview must never fall back to the channel.
 */
export function deliveryRoutes(
  deps: Pick<SlackDeps, 'postViaWebApi' | 'updateViaWebApi'>,
  visibility: ResponseUrlMessage['response_type'],
  place: ReplyPlace,
): DeliveryRoute[] {
  const routes: DeliveryRoute[] = [];
  const { respond, channelId, replaceTs } = place;
  if (respond !== undefined) {
    routes.push({ name: 'response_url', send: async (m) => void (await respond(m)) });
    routes.push({
      name: 'response_url_plain_text',
      send: async (m) => void (await respond({ ...m, blocks: [] })),
    });
  }
  if (channelId === undefined) return routes;
  if (visibility === 'ephemeral') {
    routes.push({
      name: 'chat.postEphemeral',
      send: async (m) =>
        void (await deps.postViaWebApi(
          { channelId, userId: place.userId },
          { text: m.text, blocks: m.blocks },
        )),
    });
    return routes;
  }
  if (replaceTs !== undefined) {
    routes.push({
      name: 'chat.update',
      send: async (m) => {
        await deps.updateViaWebApi({ channelId, ts: replaceTs }, { text: m.text, blocks: m.blocks });
        return { ts: replaceTs };
      },
    });
  }
  routes.push({
    name: 'chat.postMessage',
    send: (m) => deps.postViaWebApi({ channelId }, { text: m.text, blocks: m.blocks }),
  });
  return routes;
}
